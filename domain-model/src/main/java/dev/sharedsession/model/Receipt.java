package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import java.time.Instant;

/**
 * What a background task writes for a customer. It holds the customer's id, not the entity:
 * work that crosses a thread boundary carries ids. A receipt for an order can name it: the column
 * is unique, so the database itself refuses a second receipt for the same order (a job run again
 * after a crash writes none); receipts that name no order leave it empty.
 */
@Entity
public class Receipt {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "customer_id", nullable = false)
    private long customerId;

    @Column(name = "order_id", unique = true)
    private Long orderId;

    @Column(name = "message", nullable = false)
    private String message;

    /** When an order's receipt was written (its transaction's clock), for measuring how long it took. */
    @Column(name = "issued_at")
    private Instant issuedAt;

    protected Receipt() {
        // for Hibernate
    }

    public Receipt(long customerId, String message) {
        this.customerId = customerId;
        this.message = message;
    }

    /** The receipt of one order: no other receipt may name it. */
    public Receipt(long customerId, long orderId, String message) {
        this(customerId, message);
        this.orderId = orderId;
        this.issuedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public long getCustomerId() {
        return customerId;
    }

    /** The order this receipt is for, or null. */
    public Long getOrderId() {
        return orderId;
    }

    /** When the order's receipt was written, or null for a receipt that names no order. */
    public Instant getIssuedAt() {
        return issuedAt;
    }

    public String getMessage() {
        return message;
    }
}

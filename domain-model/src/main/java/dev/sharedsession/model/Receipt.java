package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * What a background task writes for a customer. It holds the customer's id, not the entity:
 * work that crosses a thread boundary carries ids.
 */
@Entity
public class Receipt {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "customer_id", nullable = false)
    private long customerId;

    @Column(name = "message", nullable = false)
    private String message;

    protected Receipt() {
        // for Hibernate
    }

    public Receipt(long customerId, String message) {
        this.customerId = customerId;
        this.message = message;
    }

    public Long getId() {
        return id;
    }

    public long getCustomerId() {
        return customerId;
    }

    public String getMessage() {
        return message;
    }
}

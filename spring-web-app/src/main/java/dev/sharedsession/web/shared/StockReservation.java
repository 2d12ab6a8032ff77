package dev.sharedsession.web.shared;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * Stock the warehouse set aside for a large order ({@link ShopRules#LARGE_ORDER_CENTS} or more):
 * background work, started with the order's id (trap 4). It holds the id, not the entity, and no
 * foreign key: the warehouse is another system in all but name, so nothing stops a reservation
 * whose order never existed.
 */
@Entity
public class StockReservation {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "order_id", nullable = false)
    private long orderId;

    @Column(name = "amount_cents", nullable = false)
    private long amountCents;

    protected StockReservation() {
        // for Hibernate
    }

    public StockReservation(long orderId, long amountCents) {
        this.orderId = orderId;
        this.amountCents = amountCents;
    }

    public long getOrderId() {
        return orderId;
    }

    public long getAmountCents() {
        return amountCents;
    }
}

package dev.sharedsession.web.shared;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A background task that failed, written where the client can read it ({@code GET /orders/{id}}
 * says "receipt failed: ..."). Only the safe application writes one: the broken one's failures end
 * in a log line.
 */
@Entity
public class BackgroundFailure {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "order_id", nullable = false)
    private long orderId;

    /** {@code receipt}, {@code loyalty}, {@code estimate} (a shipment's) or {@code stock} (a reservation). */
    @Column(name = "work", nullable = false)
    private String work;

    @Column(name = "reason", nullable = false, length = 1000)
    private String reason;

    protected BackgroundFailure() {
        // for Hibernate
    }

    public BackgroundFailure(long orderId, String work, String reason) {
        this.orderId = orderId;
        this.work = work;
        this.reason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    public long getOrderId() {
        return orderId;
    }

    public String getWork() {
        return work;
    }

    public String getReason() {
        return reason;
    }
}

package dev.sharedsession.web.shared;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import org.hibernate.annotations.DynamicUpdate;

/**
 * Where an order goes ({@code address}, set and changed by the client) and when it gets there
 * ({@code estimate}, filled in by background work from the carrier: trap 3). {@code @DynamicUpdate}:
 * an UPDATE names only the columns that changed, so a task that loaded the row itself and set the
 * estimate writes the estimate alone and cannot put back an address it read a moment ago. It does
 * not help a task that merges a stale copy: merge copies every field, the stale address included.
 */
@Entity
@DynamicUpdate
public class Shipment {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "order_id", nullable = false, unique = true)
    private long orderId;

    @Column(name = "address", nullable = false)
    private String address;

    /** Null until the carrier answered. */
    @Column(name = "estimate")
    private String estimate;

    protected Shipment() {
        // for Hibernate
    }

    public Shipment(long orderId, String address) {
        this.orderId = orderId;
        this.address = address;
    }

    /** The carrier's answer for a region: "2 days to North". */
    public static String estimateFor(String region) {
        return "2 days to " + region;
    }

    public Long getId() {
        return id;
    }

    public long getOrderId() {
        return orderId;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getEstimate() {
        return estimate;
    }

    public void setEstimate(String estimate) {
        this.estimate = estimate;
    }

    /** What the client sees; "pending" while the carrier has not answered. */
    public ShipmentView view() {
        return new ShipmentView(orderId, address, estimate == null ? "pending" : estimate);
    }
}

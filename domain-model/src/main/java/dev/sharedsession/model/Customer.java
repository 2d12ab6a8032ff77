package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;

/**
 * The parent of the model: a lazy to-one ({@link #getRegion()}, a Hibernate proxy until first
 * touched) and a lazy collection ({@link #getOrders()}, a PersistentBag until first touched).
 * Both are loaded through the Session that loaded the customer, and only while it is open.
 */
@Entity
public class Customer {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "full_name", nullable = false)
    private String name;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "region_id")
    private Region region;

    @OneToMany(mappedBy = "customer")
    @OrderBy("id")
    private List<PurchaseOrder> orders = new ArrayList<>();

    protected Customer() {
        // for Hibernate
    }

    public Customer(String name, Region region) {
        this.name = name;
        this.region = region;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Region getRegion() {
        return region;
    }

    public List<PurchaseOrder> getOrders() {
        return orders;
    }
}

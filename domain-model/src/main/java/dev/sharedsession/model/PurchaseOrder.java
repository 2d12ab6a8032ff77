package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;

/** An order placed by a customer ({@code ORDER} is a reserved word, hence the name). */
@Entity
public class PurchaseOrder {

    @Id
    @GeneratedValue
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    private Customer customer;

    @Column(name = "amount_cents", nullable = false)
    private long amountCents;

    protected PurchaseOrder() {
        // for Hibernate
    }

    public PurchaseOrder(Customer customer, long amountCents) {
        this.customer = customer;
        this.amountCents = amountCents;
    }

    public Long getId() {
        return id;
    }

    public Customer getCustomer() {
        return customer;
    }

    public long getAmountCents() {
        return amountCents;
    }
}

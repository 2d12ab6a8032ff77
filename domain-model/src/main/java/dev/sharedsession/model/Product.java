package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A product with two fields that different people change: the storefront sets the price, the
 * warehouse the stock. No version column, and Hibernate's UPDATE writes every column, so a
 * write based on a stale copy puts the stale value of the <em>other</em> field back.
 */
@Entity
public class Product {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "product_name", nullable = false)
    private String name;

    @Column(name = "price_cents", nullable = false)
    private long priceCents;

    @Column(name = "stock", nullable = false)
    private int stock;

    protected Product() {
        // for Hibernate
    }

    public Product(String name, long priceCents, int stock) {
        this.name = name;
        this.priceCents = priceCents;
        this.stock = stock;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public long getPriceCents() {
        return priceCents;
    }

    public int getStock() {
        return stock;
    }

    public void reprice(long cents) {
        this.priceCents = cents;
    }

    public void ship(int units) {
        this.stock -= units;
    }
}

package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/**
 * The same product with {@code @Version}: every UPDATE says {@code where id = ? and
 * row_version = ?}, so a write based on a stale copy matches no row and fails with an
 * optimistic-lock exception instead of putting stale values back.
 */
@Entity
public class VersionedProduct {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "product_name", nullable = false)
    private String name;

    @Column(name = "price_cents", nullable = false)
    private long priceCents;

    @Column(name = "stock", nullable = false)
    private int stock;

    @Version
    @Column(name = "row_version", nullable = false)
    private long version;

    protected VersionedProduct() {
        // for Hibernate
    }

    public VersionedProduct(String name, long priceCents, int stock) {
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

    public long getVersion() {
        return version;
    }

    public void reprice(long cents) {
        this.priceCents = cents;
    }

    public void ship(int units) {
        this.stock -= units;
    }
}

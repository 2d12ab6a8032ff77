package dev.sharedsession.common.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A bank account; money moves between accounts and must never appear or vanish. */
@Entity
public class Account {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "owner_name", nullable = false)
    private String owner;

    @Column(name = "balance_cents", nullable = false)
    private long balanceCents;

    protected Account() {
        // for Hibernate
    }

    public Account(String owner, long balanceCents) {
        this.owner = owner;
        this.balanceCents = balanceCents;
    }

    public Long getId() {
        return id;
    }

    public String getOwner() {
        return owner;
    }

    public long getBalanceCents() {
        return balanceCents;
    }

    public void deposit(long cents) {
        balanceCents += cents;
    }

    public void withdraw(long cents) {
        balanceCents -= cents;
    }
}

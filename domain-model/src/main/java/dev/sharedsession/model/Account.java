package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** A bank account; money moves between accounts and must never appear or vanish. */
@Entity
// One account per owner. Transfers look the payee up by owner and lock the row ("for update").
// Without a unique key there, MariaDB's InnoDB scans the table and locks every row it passes,
// so two correct transfers, each holding its payer's row, deadlock on each other's: observed on
// MariaDB 10.11 in most natural runs of scenario 2's safe side (a plain index did not help:
// on a small table the optimizer scans anyway). A unique key is looked up, not scanned.
@Table(uniqueConstraints = @UniqueConstraint(name = "account_owner", columnNames = "owner_name"))
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

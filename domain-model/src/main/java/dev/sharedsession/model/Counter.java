package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A counter without a version column: read-modify-write on it can lose increments. */
@Entity
public class Counter {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "label", nullable = false)
    private String label;

    @Column(name = "hits", nullable = false)
    private long hits;

    protected Counter() {
        // for Hibernate
    }

    public Counter(String label) {
        this.label = label;
    }

    public Long getId() {
        return id;
    }

    public String getLabel() {
        return label;
    }

    public long getHits() {
        return hits;
    }

    public void increment() {
        hits++;
    }
}

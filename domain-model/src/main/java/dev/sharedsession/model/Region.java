package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A sales region; customers point to it through a lazy to-one association. */
@Entity
public class Region {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "label", nullable = false)
    private String label;

    protected Region() {
        // for Hibernate
    }

    public Region(String label) {
        this.label = label;
    }

    public Long getId() {
        return id;
    }

    public String getLabel() {
        return label;
    }
}

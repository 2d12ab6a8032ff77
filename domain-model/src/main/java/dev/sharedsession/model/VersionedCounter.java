package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/**
 * The same counter with {@code @Version}: Hibernate adds {@code where row_version = ?} to every
 * update, so a write based on a stale read fails with an optimistic-lock exception instead of
 * silently overwriting somebody else's increment.
 */
@Entity
public class VersionedCounter {

    @Id
    @GeneratedValue
    private Long id;

    @Column(name = "label", nullable = false)
    private String label;

    @Column(name = "hits", nullable = false)
    private long hits;

    @Version
    @Column(name = "row_version", nullable = false)
    private long version;

    protected VersionedCounter() {
        // for Hibernate
    }

    public VersionedCounter(String label) {
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

    public long getVersion() {
        return version;
    }

    public void increment() {
        hits++;
    }
}

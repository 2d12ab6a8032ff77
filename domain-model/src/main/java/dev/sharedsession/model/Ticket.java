package dev.sharedsession.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A support ticket whose id the database assigns ({@link GenerationType#IDENTITY}: an
 * auto-increment column on MariaDB, an identity column on PostgreSQL and H2), the MySQL habit.
 * The id exists only once the row does, so {@code persist} cannot wait for the flush: it sends
 * the INSERT at once, in whatever transaction its Session holds at that moment.
 */
@Entity
public class Ticket {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "subject", nullable = false)
    private String subject;

    protected Ticket() {
        // for Hibernate
    }

    public Ticket(String subject) {
        this.subject = subject;
    }

    public Long getId() {
        return id;
    }

    public String getSubject() {
        return subject;
    }
}

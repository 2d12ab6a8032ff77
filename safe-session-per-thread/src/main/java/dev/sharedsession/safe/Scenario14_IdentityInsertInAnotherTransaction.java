package dev.sharedsession.safe;

import dev.sharedsession.model.Ticket;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 14, safe: identity ids, each INSERT in its own request's transaction.
 *
 * <p>The story is the same: a help desk whose requests ({@code Alice}, {@code Bob}) each open a
 * support ticket with an identity id ({@code GenerationType.IDENTITY}), in a unit of work of
 * their own, and answer with the ticket's number.
 *
 * <p>The fix. Every request opens its own Session with {@code sessionFactory.fromTransaction}.
 * An identity id still makes {@code persist} send the INSERT at once, but "at once" is now
 * always inside the request's own transaction, on its own connection, in its own persistence
 * context: nobody else's flush sees a ticket without an id, nobody else's rollback removes it,
 * and a request that fails has no ticket in the database.
 */
public final class Scenario14_IdentityInsertInAnotherTransaction {

    private static final Logger log = LoggerFactory.getLogger(Scenario14_IdentityInsertInAnotherTransaction.class);

    // SAFE: the desk keeps the SessionFactory, never a Session.
    private final SessionFactory sessionFactory;

    public Scenario14_IdentityInsertInAnotherTransaction(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** A request: opens a ticket about {@code subject} and answers with its number. */
    public long openTicket(String subject) {
        // SAFE: a Session and a transaction of its own; fromTransaction commits, or rolls back on an exception, and closes.
        return sessionFactory.fromTransaction(session -> {
            Ticket ticket = new Ticket(subject);
            session.persist(ticket); // IDENTITY: the INSERT runs now, in this request's own transaction
            log.info("ticket {} inserted; committing", ticket.getId());
            return ticket.getId();
        });
    }
}

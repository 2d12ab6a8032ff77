package dev.sharedsession.broken;

import dev.sharedsession.model.Ticket;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 14, broken: identity ids, an INSERT that cannot wait.
 *
 * <p>The story. A help desk: every request opens a support ticket in a unit of work of its own
 * ("begin, persist, commit; roll back on failure") and answers with the ticket's number. The
 * ticket's id is {@code GenerationType.IDENTITY}, the MySQL/MariaDB habit: the database assigns
 * it when the row is inserted. The mistake: the requests ({@code Alice}, {@code Bob}) share one
 * Session.
 *
 * <p>What breaks. With a sequence, {@code persist} only queues the INSERT until the commit's
 * flush. With an identity column Hibernate cannot know the id without the row, so
 * {@code persist} sends the INSERT <em>at once</em>, in whatever transaction the shared Session
 * holds at that moment, and registers the entity in the persistence context before the id
 * exists. Forced on H2, PostgreSQL and MariaDB alike (Hibernate 7.4.15):
 * <ul>
 *   <li>Bob commits while Alice's {@code persist} is on its way to the database: his flush
 *       finds her ticket without an id and fails with {@code AssertionFailure: Entry for
 *       instance of 'dev.sharedsession.model.Ticket' has a null identifier (this can
 *       happen if the session is flushed after an exception occurs)}; he rolls the shared
 *       transaction back, his own ticket, already inserted, with it;</li>
 *   <li>Alice's INSERT then runs on the shared connection with no transaction at all, in
 *       auto-commit: it is saved at once, and her commit fails with {@code
 *       IllegalStateException: Transaction not successfully started}. <b>A request that failed
 *       has its ticket in the database</b>; retried, it opens a second one.</li>
 * </ul>
 * With real concurrency the same race also ends, as seen on Hibernate 7.4 elsewhere, in
 * {@code IllegalStateException: Illegal pop() with non-matching
 * JdbcValuesSourceProcessingState} or, on PostgreSQL, {@code This statement has been closed.}
 * (two threads reading generated keys from one connection).
 *
 * <p>The fix, in {@code safe-session-per-thread}: a Session per request; an identity INSERT then
 * runs in the request's own transaction, whenever it runs.
 */
public final class Scenario14_IdentityInsertInAnotherTransaction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario14_IdentityInsertInAnotherTransaction.class);

    // BROKEN: one Session for every request of every thread.
    private final Session session;

    public Scenario14_IdentityInsertInAnotherTransaction(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
    }

    /** A request: opens a ticket about {@code subject} and answers with its number. */
    public long openTicket(String subject) {
        // BROKEN: begins, or joins, the shared Session's one transaction.
        Transaction tx = session.beginTransaction();
        try {
            Ticket ticket = new Ticket(subject);
            session.persist(ticket); // IDENTITY: the INSERT runs now, in whatever transaction the Session holds now
            log.info("ticket {} inserted; committing", ticket.getId());
            tx.commit();
            return ticket.getId();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback(); // rolls back every thread's inserted tickets
            }
            throw e;
        }
    }

    /** When the desk closes: closes the shared Session. */
    @Override
    public void close() {
        session.close();
    }
}

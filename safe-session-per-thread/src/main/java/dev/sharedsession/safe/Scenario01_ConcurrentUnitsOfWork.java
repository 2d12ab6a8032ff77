package dev.sharedsession.safe;

import dev.sharedsession.model.Counter;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1, safe: concurrent units of work, a Session each.
 *
 * <p>The story is the same: a visitor log where every visit is one unit of work ("begin,
 * persist one row labelled with the visitor's name, commit; roll back if anything fails"),
 * recorded by several threads ({@code Alice}, {@code Bob}, {@code visitor-1} ...) at once.
 *
 * <p>The fix. What the threads share is the SessionFactory, which is built to be shared. Each
 * visit opens its own Session with {@code sessionFactory.inTransaction(...)}: its own
 * persistence context and action queue, its own pooled connection, its own transaction, begun,
 * committed (or rolled back when the visit fails) and closed by the thread that does the work.
 * A commit now commits exactly one visit; a rollback discards exactly one visit; nobody's
 * flush runs somebody else's INSERT, and the connection is back in the pool when the visit
 * returns.
 */
public final class Scenario01_ConcurrentUnitsOfWork {

    private static final Logger log = LoggerFactory.getLogger(Scenario01_ConcurrentUnitsOfWork.class);

    // SAFE: the visit log keeps the SessionFactory, never a Session.
    private final SessionFactory sessionFactory;

    public Scenario01_ConcurrentUnitsOfWork(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** One unit of work: records one visit as a Counter row labelled with the visitor's name. */
    public void recordVisit(String visitor) {
        // SAFE: a Session of its own for this visit; inTransaction begins, commits or rolls back, and closes it.
        sessionFactory.inTransaction(session -> {
            if (visitor.isBlank()) {
                throw new IllegalArgumentException("a visit needs the visitor's name");
            }
            session.persist(new Counter(visitor));
            log.info("visit of {} persisted; committing", visitor);
        });
    }
}

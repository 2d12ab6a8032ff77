package dev.sharedsession.broken;

import dev.sharedsession.model.Counter;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1, broken: concurrent units of work on one Session.
 *
 * <p>The story. A visitor log: every visit is one unit of work, "begin, persist one row
 * labelled with the visitor's name, commit; roll back if anything fails". The threads
 * ({@code Alice}, {@code Bob}, {@code visitor-1} ... {@code visitor-8}) record their visits at
 * the same time. The mistake: they all do it through <em>one</em> Session, opened once and
 * shared, "because opening a Session per visit looks expensive".
 *
 * <p>What breaks. A Session is not a connection handle you can share; it <em>is</em> the unit of
 * work. It owns one persistence context, one action queue (the inserts waiting for the
 * flush), one JDBC connection and one transaction, and none of them is thread-safe. So:
 * <ul>
 *   <li>{@code session.beginTransaction()} while another thread's transaction is active does
 *       not fail on Hibernate 7.4: it quietly returns that same, already active transaction.
 *       Every thread is now inside everybody's transaction.</li>
 *   <li>a commit flushes the whole action queue: Bob's commit writes and commits Alice's row
 *       before Alice has decided to commit.</li>
 *   <li>a rollback rolls back the one transaction and, on Hibernate 7.4, <em>clears the whole
 *       persistence context</em>: a failing visit wipes every other thread's pending insert.
 *       The other thread's {@code commit()} then flushes an empty queue and <b>returns
 *       normally, yet its row is not in the database</b>.</li>
 *   <li>a rollback that lands while another thread is inside its flush: that thread's INSERT
 *       still runs (on a connection outside any transaction, so it is saved at once), and
 *       then its commit fails inside the action queue with
 *       {@code org.hibernate.AssertionFailure: possible non-threadsafe access to session}:
 *       <b>a commit that threw, whose row is there.</b> Retry it and the visit is counted twice.</li>
 *   <li>a rollback that lands after another thread began but before it commits: that
 *       thread's commit fails with {@code IllegalStateException: Transaction not successfully
 *       started}, yet its INSERT stays queued in the shared Session and is saved by the next
 *       visitor's commit.</li>
 *   <li>with real concurrency and nothing forced (4 threads, 5 visits each, 20 runs) the same
 *       code failed inside Hibernate's internals, whose collections are plain, unsynchronised
 *       Java ones. Observed on Hibernate 7.4.15 with H2:
 *       {@code java.util.ConcurrentModificationException};
 *       {@code IllegalStateException: Transaction not successfully started}
 *       (a commit after another thread ended the shared transaction);
 *       {@code AssertionFailure: possible non-threadsafe access to session};
 *       {@code ConstraintViolationException: could not execute statement [Unique index or
 *       primary key violation ...]} (the same visit inserted by two threads' flushes);
 *       {@code OptimisticLockException: Unexpected row count (expected row count 1 but was -1)};
 *       {@code GenericJDBCException: Unable to bind parameter #1 ... [The object is already
 *       closed]} (the statement closed under it by another thread);
 *       {@code NullPointerException: Cannot invoke "org.hibernate.engine.spi.EntityEntry.getStatus()"
 *       because "entry" is null}; {@code HibernateException: Flush during cascade is dangerous};
 *       {@code IllegalStateException: Illegal pop() with non-matching JdbcValuesSourceProcessingState}.
 *       And in 2 to 4 runs out of 20, a pooled connection was <b>still checked out after the
 *       Session was closed</b>; most likely two threads each acquired a connection for the one
 *       Session, which remembers only one and gives back only that one on {@code close()}.</li>
 * </ul>
 *
 * <p>The fix, in {@code safe-session-per-thread}: a Session per unit of work,
 * {@code sessionFactory.inTransaction(...)}, opened by the thread that does the work.
 */
public final class Scenario01_ConcurrentUnitsOfWork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario01_ConcurrentUnitsOfWork.class);

    // BROKEN: one Session for every visit of every thread, opened once "because it looks expensive".
    private final Session session;

    public Scenario01_ConcurrentUnitsOfWork(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
    }

    /** One unit of work: records one visit as a Counter row labelled with the visitor's name. */
    public void recordVisit(String visitor) {
        // BROKEN: every thread begins, flushes and commits through the same Session. If another
        // thread's transaction is active, beginTransaction() just hands back that transaction.
        Transaction tx = session.beginTransaction();
        try {
            if (visitor.isBlank()) {
                throw new IllegalArgumentException("a visit needs the visitor's name");
            }
            session.persist(new Counter(visitor));
            log.info("visit of {} persisted; committing", visitor);
            tx.commit(); // flushes and commits everybody's pending work, not just this visit
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback(); // rolls back everybody's work, and clears the shared persistence context
            }
            throw e;
        }
    }

    /** When the visitors are done: closes the shared Session, giving back the one connection it remembers. */
    @Override
    public void close() {
        session.close();
    }
}

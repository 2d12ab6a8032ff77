package dev.sharedsession.broken;

import dev.sharedsession.model.Counter;
import dev.sharedsession.model.VersionedCounter;
import org.hibernate.LockMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 6, broken: the lost update.
 *
 * <p>The story. A page counter: every visit is one "hit", and a hit is read-modify-write of
 * one row: load the counter, {@code hits + 1}, write it back. Two visitors, threads
 * {@code Alice} and {@code Bob}, hit the same page at the same moment. Two hits must make
 * {@code hits = 2}; here they make 1, three ways:
 * <ul>
 *   <li><b>A Session per thread, but no version</b> ({@link #hit}). Each thread has its own
 *       persistence context and transaction, and still: both read 0, both write
 *       {@code update Counter set hits=1}. Hibernate writes the state it holds; with no version
 *       column nothing tells it the row changed since it was read. A Session per thread is
 *       necessary, not sufficient.</li>
 *   <li><b>A pessimistic lock through one shared Session</b> ({@link #hitLocked}). Every visitor
 *       gets the <em>same</em> managed {@code Counter} object from the shared persistence
 *       context. {@code SELECT ... FOR UPDATE} makes <em>other transactions</em> wait, but a
 *       Session owns one JDBC connection and one transaction, so Alice and Bob are the same
 *       transaction. Bob does not even reach the database's lock: the persistence context
 *       records that the entry already holds {@code PESSIMISTIC_WRITE}, so on 7.4.15 his locking
 *       refresh is a plain {@code select ... where id=?} without {@code for update}. He reads 0
 *       back into the object Alice has just incremented, and her increment is gone before it
 *       ever reached the database.</li>
 *   <li><b>A version but no retry</b> ({@link #hitVersioned}). {@code @Version} turns the
 *       stale write into an exception: Alice's {@code update ... where id=? and row_version=?}
 *       matches no row after Bob's commit. On 7.4.15, from {@code fromTransaction}, it arrives as
 *       {@code jakarta.persistence.OptimisticLockException: Unexpected row count (expected row
 *       count 1 but was 0) [update VersionedCounter set hits=?,label=?,row_version=? where id=?
 *       and row_version=?] for entity [dev.sharedsession.model.VersionedCounter with id '1']},
 *       caused by {@code org.hibernate.StaleObjectStateException} (same message), caused by
 *       {@code org.hibernate.StaleStateException}. Nothing retries, so her hit is lost anyway,
 *       only loudly.</li>
 * </ul>
 *
 * <p>The fixes, in {@code safe-session-per-thread}, in the same three methods: a Session per
 * thread <em>and</em> an atomic {@code update Counter set hits = hits + 1}, a
 * {@code LockMode.PESSIMISTIC_WRITE} read in the visitor's own transaction, or {@code @Version}
 * with a retry that walks the cause chain.
 */
public final class Scenario06_LostUpdate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario06_LostUpdate.class);

    private final SessionFactory sessionFactory;
    // BROKEN: one Session (so one persistence context, one connection, one transaction) for every
    // visitor of hitLocked, opened by the first one and committed by close().
    private Session shared;

    public Scenario06_LostUpdate(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** A new counter at 0, in its own unit of work; returns its id. */
    public static long newCounter(SessionFactory sessionFactory, String label) {
        return sessionFactory.fromTransaction(session -> {
            Counter counter = new Counter(label);
            session.persist(counter);
            return counter.getId();
        });
    }

    /** A new versioned counter at 0 (row_version 0); returns its id. */
    public static long newVersionedCounter(SessionFactory sessionFactory, String label) {
        return sessionFactory.fromTransaction(session -> {
            VersionedCounter counter = new VersionedCounter(label);
            session.persist(counter);
            return counter.getId();
        });
    }

    /** One hit on a counter with no version column; returns the hits this visitor wrote. */
    public long hit(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            Counter counter = session.find(Counter.class, counterId);
            // BROKEN: the increment happens in Java, on what this transaction read; the
            // UPDATE at commit writes that number back whatever the row holds by then.
            counter.increment();
            log.info("hit: hits is now {}", counter.getHits());
            return counter.getHits();
        });
    }

    /** One hit under a row lock; returns the hits this visitor wrote. */
    public long hitLocked(long counterId) {
        Session session = shared();
        Counter counter = session.find(Counter.class, counterId);
        // BROKEN: the row lock belongs to the Session's one transaction, which every visitor shares;
        // the refresh reads the row back into the one Counter object every visitor increments.
        session.refresh(counter, LockMode.PESSIMISTIC_WRITE);
        counter.increment();
        session.flush();
        log.info("hit under lock: hits is now {}", counter.getHits());
        return counter.getHits();
    }

    /** One hit on the versioned counter; returns the hits this visitor wrote. */
    public long hitVersioned(long counterId) {
        // BROKEN (half-fixed): @Version makes the stale write fail instead of overwriting, but
        // nothing retries, so the visitor's hit is lost all the same, only loudly.
        return sessionFactory.fromTransaction(session -> {
            VersionedCounter counter = session.find(VersionedCounter.class, counterId);
            counter.increment(); // the UPDATE at commit says "where row_version = <what I read>"
            return counter.getHits();
        });
    }

    private synchronized Session shared() {
        if (shared == null) {
            shared = sessionFactory.openSession();
            shared.beginTransaction(); // the owner's transaction, around every visitor's hit
        }
        return shared;
    }

    /** Commits the shared Session's transaction, if a visitor opened it, and closes the Session. */
    @Override
    public void close() {
        Session session;
        synchronized (this) {
            session = shared;
            shared = null;
        }
        if (session != null) {
            try (session) {
                session.getTransaction().commit();
            }
        }
    }
}

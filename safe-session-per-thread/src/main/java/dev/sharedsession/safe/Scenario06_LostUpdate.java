package dev.sharedsession.safe;

import dev.sharedsession.model.Counter;
import dev.sharedsession.model.VersionedCounter;
import jakarta.persistence.OptimisticLockException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.LockMode;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 6, safe: the lost update.
 *
 * <p>The story is the same: visitors on threads {@code Alice}, {@code Bob} (and more) each
 * add one hit to a page counter, a read-modify-write of one row, at the same moment.
 *
 * <p>The fix has two parts. First, a Session per unit of work ({@code inTransaction} /
 * {@code fromTransaction}): its own persistence context, so no thread can overwrite the
 * object another is incrementing, and its own transaction, so database locks mean something.
 * That is necessary, not sufficient: two Sessions can still both read 0 and both write 1.
 * Second, one of three ways to make the read-modify-write safe against other transactions,
 * one per method:
 * <ul>
 *   <li><b>An atomic UPDATE</b> ({@link #hit}): {@code update Counter set hits = hits + 1}
 *       lets the database do the read-modify-write under its own row lock; there is no stale
 *       value in Java to write back. Best when the change is simple arithmetic.</li>
 *   <li><b>A pessimistic lock</b> ({@link #hitLocked}): {@code LockMode.PESSIMISTIC_WRITE} reads
 *       with {@code select ... for update}; a second transaction's locking read waits until the
 *       first commits, then sees its value. Best when conflicts are common.</li>
 *   <li><b>{@code @Version} and a retry</b> ({@link #hitVersioned}): the stale UPDATE matches no
 *       row and fails; the hit is done again in a <em>fresh</em> Session (the failed one's
 *       persistence context is stale and its transaction rolled back). The failure arrives as
 *       {@code jakarta.persistence.OptimisticLockException} caused by Hibernate's
 *       {@code StaleObjectStateException}; wrapped by whatever layer sits between (a future, a
 *       service exception) it may be either, anywhere in the chain, so the retry walks the
 *       causes. Best when conflicts are rare: nobody waits.</li>
 * </ul>
 */
public final class Scenario06_LostUpdate {

    private static final Logger log = LoggerFactory.getLogger(Scenario06_LostUpdate.class);

    /** Enough for eight threads fighting over one row; a bound so a livelock cannot spin forever. */
    static final int MAX_ATTEMPTS = 50;

    private final SessionFactory sessionFactory;
    private final AtomicInteger retries = new AtomicInteger();

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

    /** One hit on a counter with no version column; returns the hits after it. */
    public long hit(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            // SAFE: no value is read into Java and written back; the database adds 1 under its row lock.
            session.createMutationQuery("update Counter c set c.hits = c.hits + 1 where c.id = :id")
                    .setParameter("id", counterId)
                    .executeUpdate();
            long hits = session.createSelectionQuery("select c.hits from Counter c where c.id = :id", Long.class)
                    .setParameter("id", counterId)
                    .getSingleResult();
            log.info("hit: hits is now {}", hits);
            return hits;
        });
    }

    /** One hit under a row lock; returns the hits this visitor wrote. */
    public long hitLocked(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            // SAFE: this visitor's own transaction reads with select ... for update: another
            // transaction's locking read waits for our commit, then sees our value.
            Counter counter = session.find(Counter.class, counterId, LockMode.PESSIMISTIC_WRITE);
            counter.increment();
            log.info("hit under lock: hits is now {}", counter.getHits());
            return counter.getHits();
        });
    }

    /** One hit on the versioned counter; returns the hits this visitor wrote. */
    public long hitVersioned(long counterId) {
        for (int attempt = 1; ; attempt++) {
            try {
                // SAFE: each attempt is a new Session: fresh persistence context, fresh transaction.
                return sessionFactory.fromTransaction(session -> {
                    VersionedCounter counter = session.find(VersionedCounter.class, counterId);
                    counter.increment(); // the UPDATE at commit says "where row_version = <what I read>"
                    return counter.getHits();
                });
            } catch (RuntimeException failure) {
                if (!lostTheRace(failure) || attempt == MAX_ATTEMPTS) {
                    throw failure;
                }
                retries.incrementAndGet();
                log.debug("attempt {} lost the race ({}): trying again in a fresh Session", attempt,
                        failure.getClass().getSimpleName());
            }
        }
    }

    /** How many times {@link #hitVersioned} had to start a hit again, over all threads. */
    public int retries() {
        return retries.get();
    }

    /**
     * Whether an optimistic-lock failure is anywhere in the cause chain: the JPA type, or
     * Hibernate's {@code StaleStateException} family, however deeply a caller wrapped it.
     */
    static boolean lostTheRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

package dev.sharedsession.safe;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Counter;
import dev.sharedsession.common.model.VersionedCounter;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.Race;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Second, one of three ways to make the read-modify-write safe against other transactions:
 * <ul>
 *   <li><b>{@code @Version} and a retry</b> ({@link #hitVersioned}): the stale UPDATE matches no
 *       row and fails; the hit is done again in a <em>fresh</em> Session (the failed one's
 *       persistence context is stale and its transaction rolled back). The failure arrives as
 *       {@code jakarta.persistence.OptimisticLockException} caused by Hibernate's
 *       {@code StaleObjectStateException}; wrapped by whatever layer sits between (a future, a
 *       service exception) it may be either, anywhere in the chain, so the retry walks the
 *       causes. Best when conflicts are rare: nobody waits.</li>
 *   <li><b>A pessimistic lock</b> ({@link #hitLocked}): {@code LockMode.PESSIMISTIC_WRITE} reads
 *       with {@code select ... for update}; a second transaction's locking read waits until the
 *       first commits, then sees its value. Best when conflicts are common.</li>
 *   <li><b>An atomic UPDATE</b> ({@link #hitAtomically}): {@code update Counter set hits = hits + 1}
 *       lets the database do the read-modify-write under its own row lock; there is no stale
 *       value in Java to write back. Best when the change is simple arithmetic.</li>
 * </ul>
 */
public final class Scenario06_LostUpdate {

    private static final Logger log = LoggerFactory.getLogger(Scenario06_LostUpdate.class);

    /** The crowd of the natural run unless told otherwise: visitors. */
    public static final int DEFAULT_THREADS = 4;

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

    /** How many times {@link #hitVersioned} had to start a hit again, over all threads. */
    public int retries() {
        return retries.get();
    }

    /** One hit on the versioned counter; returns the hits this thread wrote. */
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

    /** One hit under a row lock; returns the hits this thread wrote. */
    public long hitLocked(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            // SAFE: select ... for update: another transaction's locking read waits for our commit.
            Counter counter = session.find(Counter.class, counterId, LockMode.PESSIMISTIC_WRITE);
            counter.increment();
            return counter.getHits();
        });
    }

    /** One hit done by the database in one statement; returns the hits after it. */
    public long hitAtomically(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            // SAFE: no value is read into Java and written back; the database adds 1 under its row lock.
            session.createMutationQuery("update Counter c set c.hits = c.hits + 1 where c.id = :id")
                    .setParameter("id", counterId)
                    .executeUpdate();
            return session.createSelectionQuery("select c.hits from Counter c where c.id = :id", Long.class)
                    .setParameter("id", counterId)
                    .getSingleResult();
        });
    }

    /** One natural run with {@value #DEFAULT_THREADS} visitors: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) throws Exception {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: four visitors hit three counters ten times each, one
     * counter per fix. Goes wrong unless every counter is at exactly 40.
     */
    public static Outcome runNaturally(Database db, int threads) throws Exception {
        NaturalRuns.requireThreads(threads);
        SessionFactory sessionFactory = db.sessionFactory();
        long versioned = newVersionedCounter(sessionFactory, "versioned");
        long locked = newCounter(sessionFactory, "locked");
        long atomic = newCounter(sessionFactory, "atomic");
        var counters = new Scenario06_LostUpdate(sessionFactory);
        int visitors = threads;
        int hitsEach = 10;
        Duration limit = PausePoints.of(db).timeout();
        CyclicBarrier together = new CyclicBarrier(visitors);
        ExecutorService pool = Executors.newFixedThreadPool(visitors);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int v = 0; v < visitors; v++) {
                running.add(pool.submit(() -> {
                    together.await(limit.toMillis(), TimeUnit.MILLISECONDS);
                    for (int i = 0; i < hitsEach; i++) {
                        counters.hitVersioned(versioned);
                        counters.hitLocked(locked);
                        counters.hitAtomically(atomic);
                    }
                    return null;
                }));
            }
            for (Future<?> visitor : running) {
                visitor.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long expected = (long) visitors * hitsEach;
        for (String table : List.of("VersionedCounter", "Counter")) {
            long wrongCounters = db.queryForLong("select count(*) from " + table + " where hits <> " + expected);
            if (wrongCounters > 0) {
                return Outcome.wrong("increments lost in " + table + ": fewer than " + expected + " hits counted");
            }
        }
        return Outcome.ok();
    }

    /**
     * The headline, forced: Alice and Bob each hit the versioned counter in a Session of their
     * own. Alice has read 0 and is about to write 1 when Bob reads 0 and commits 1; her stale
     * UPDATE is rejected and her retry, in a fresh Session, reads 1 and writes 2: ok.
     */
    public static Outcome runForced(Database db) {
        long counterId = newVersionedCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement("Alice", "update VersionedCounter");
        try (Race race = Race.bounded()) {
            Actor<Long> alice = race.start("Alice", () -> counters.hitVersioned(counterId));
            aliceBeforeUpdate.awaitReached();            // Alice read 0 (version 0) and is committing 1
            Outcome bob = race.start("Bob", () -> counters.hitVersioned(counterId)).outcome();
            aliceBeforeUpdate.release();
            for (Outcome hit : List.of(alice.outcome(), bob)) {
                if (hit.wentWrong()) {
                    return hit;
                }
            }
        } finally {
            aliceBeforeUpdate.release();
        }
        return twoHits(db, "VersionedCounter", counterId);
    }

    /** Two hits were made on the counter in {@code table}: ok only if it says 2. */
    private static Outcome twoHits(Database db, String table, long counterId) {
        long hits = db.queryForLong("select hits from " + table + " where id = " + counterId);
        return hits == 2 ? Outcome.ok() : Outcome.wrong("an increment was lost: two hits, hits = " + hits);
    }
}

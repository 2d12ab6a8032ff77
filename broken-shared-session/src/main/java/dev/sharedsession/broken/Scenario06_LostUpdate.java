package dev.sharedsession.broken;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Counter;
import dev.sharedsession.common.model.VersionedCounter;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * {@code hits = 2}; here they make 1, four ways:
 * <ul>
 *   <li><b>One shared Session</b> ({@link #hitThroughSharedSession}). Both threads get the
 *       <em>same</em> managed {@code Counter} object from the shared persistence context. The
 *       code re-reads it ({@code refresh}) "to be sure it increments the latest value": Bob's
 *       refresh reads the row (still 0, Alice has not flushed) back into the object Alice has
 *       just incremented, and her increment is gone before it ever reached the database.</li>
 *   <li><b>A pessimistic lock through that shared Session</b> ({@link #hitLockedThroughSharedSession}).
 *       {@code SELECT ... FOR UPDATE} makes <em>other transactions</em> wait. A Session owns
 *       one JDBC connection and one transaction, so Alice and Bob are the same transaction.
 *       Bob does not even reach the database's lock: the persistence context records that
 *       the entry already holds {@code PESSIMISTIC_WRITE}, so on 7.4.15 his locking refresh
 *       is a plain {@code select ... where id=?} without {@code for update}. He goes straight
 *       through, reads 0 and the same increment is lost.</li>
 *   <li><b>A Session per thread, but no version</b> ({@link #hitInOwnSession}). Each thread
 *       now has its own persistence context and transaction, and still: both read 0, both
 *       write {@code update Counter set hits=1}. Hibernate writes the state it holds; with
 *       no version column nothing tells it the row changed since it was read. A Session per
 *       thread is necessary, not sufficient.</li>
 *   <li><b>A version but no retry</b> ({@link #hitVersioned}). {@code @Version} turns the
 *       stale write into an exception: Alice's {@code update ... where id=? and row_version=?}
 *       matches no row after Bob's commit. On 7.4.15, from {@code fromTransaction}, it arrives as
 *       {@code jakarta.persistence.OptimisticLockException: Unexpected row count (expected row
 *       count 1 but was 0) [update VersionedCounter set hits=?,label=?,row_version=? where id=?
 *       and row_version=?] for entity [dev.sharedsession.common.model.VersionedCounter with id '1']},
 *       caused by {@code org.hibernate.StaleObjectStateException} (same message), caused by
 *       {@code org.hibernate.StaleStateException}. Nothing retries, so her hit is lost anyway,
 *       only loudly.</li>
 * </ul>
 *
 * <p>The fixes, in {@code safe-session-per-thread}: a Session per thread <em>and</em> one of
 * {@code @Version} with a retry that walks the cause chain, {@code LockMode.PESSIMISTIC_WRITE},
 * or an atomic {@code update Counter set hits = hits + 1}.
 */
public final class Scenario06_LostUpdate {

    private static final Logger log = LoggerFactory.getLogger(Scenario06_LostUpdate.class);

    /** The crowd of the natural run unless told otherwise: visitors. */
    public static final int DEFAULT_THREADS = 4;

    private final SessionFactory sessionFactory;

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

    /**
     * One hit through a Session shared by every thread; its owner begins and commits the
     * transaction around all of them. Returns the hits this thread saw after its increment.
     */
    public static long hitThroughSharedSession(Session shared, long counterId) {
        // BROKEN: every thread gets the same Counter object from the shared persistence context.
        Counter counter = shared.find(Counter.class, counterId);
        shared.refresh(counter); // "re-read, to increment the latest value": overwrites the object in place
        counter.increment();
        shared.flush();
        log.info("hit: hits is now {}", counter.getHits());
        return counter.getHits();
    }

    /** The same, with a pessimistic lock taken through the shared Session. */
    public static long hitLockedThroughSharedSession(Session shared, long counterId) {
        Counter counter = shared.find(Counter.class, counterId);
        // BROKEN: the row lock belongs to the Session's one transaction, which every thread shares.
        shared.refresh(counter, LockMode.PESSIMISTIC_WRITE);
        counter.increment();
        shared.flush();
        log.info("hit under lock: hits is now {}", counter.getHits());
        return counter.getHits();
    }

    /** One hit in a Session of this thread's own, on a counter with no version column. */
    public long hitInOwnSession(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            Counter counter = session.find(Counter.class, counterId);
            // BROKEN: the increment happens in Java, on what this transaction read; the
            // UPDATE at commit writes that number back whatever the row holds by then.
            counter.increment();
            log.info("hit: hits is now {}", counter.getHits());
            return counter.getHits();
        });
    }

    /** One hit on the versioned counter, with no retry. */
    public long hitVersioned(long counterId) {
        // BROKEN (half-fixed): @Version makes the stale write fail instead of overwriting, but
        // nothing retries, so the visitor's hit is lost all the same, only loudly.
        return sessionFactory.fromTransaction(session -> {
            VersionedCounter counter = session.find(VersionedCounter.class, counterId);
            counter.increment();
            return counter.getHits();
        });
    }

    /** One natural run with {@value #DEFAULT_THREADS} visitors: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) throws Exception {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: {@code threads} visitors, each with a Session of its own, hit one
     * unversioned counter ten times each. Goes wrong if the counter is not 40.
     */
    public static Outcome runNaturally(Database db, int threads) throws Exception {
        NaturalRuns.requireThreads(threads);
        long counterId = newCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
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
                        counters.hitInOwnSession(counterId);
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
        long hits = db.queryForLong("select hits from Counter where id = " + counterId);
        return hits == (long) visitors * hitsEach ? Outcome.ok()
                : Outcome.wrong("increments lost: fewer than " + visitors * hitsEach + " hits counted");
    }

    /**
     * The headline, forced: Alice and Bob hit the counter through one shared Session (its owner's
     * transaction around both). Alice has read 0 and incremented the shared object to 1 when
     * Bob's refresh reads 0 back into it: "an increment was lost: two hits, hits = 1".
     */
    public static Outcome runForced(Database db) {
        long counterId = newCounter(db.sessionFactory(), "home page");
        Pause aliceBeforeFlush = PausePoints.of(db).onEvent(Hook.FLUSH, "Alice", Object.class);
        try (Race race = Race.bounded(); Session shared = db.sessionFactory().openSession()) {
            shared.beginTransaction();                   // the owner's transaction, around both hits
            Actor<Long> alice = race.start("Alice", () -> hitThroughSharedSession(shared, counterId));
            aliceBeforeFlush.awaitReached();             // Alice read 0 and set the shared object to 1
            Outcome bob = race.start("Bob", () -> hitThroughSharedSession(shared, counterId)).outcome();
            aliceBeforeFlush.release();
            for (Outcome hit : List.of(alice.outcome(), bob)) {
                if (hit.wentWrong()) {
                    return hit;
                }
            }
            shared.getTransaction().commit();
        } finally {
            aliceBeforeFlush.release();
        }
        return twoHits(db, "Counter", counterId);
    }

    /** Two hits were made on the counter in {@code table}: ok only if it says 2. */
    private static Outcome twoHits(Database db, String table, long counterId) {
        long hits = db.queryForLong("select hits from " + table + " where id = " + counterId);
        return hits == 2 ? Outcome.ok() : Outcome.wrong("an increment was lost: two hits, hits = " + hits);
    }
}

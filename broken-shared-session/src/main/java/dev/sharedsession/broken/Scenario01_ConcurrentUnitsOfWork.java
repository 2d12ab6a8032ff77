package dev.sharedsession.broken;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Counter;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.Race;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;
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
public final class Scenario01_ConcurrentUnitsOfWork {

    private static final Logger log = LoggerFactory.getLogger(Scenario01_ConcurrentUnitsOfWork.class);

    /** Threads of the natural run unless told otherwise, and visits each of them records. */
    public static final int DEFAULT_THREADS = 4;
    static final int VISITS_PER_THREAD = 5;

    private final Session session;

    public Scenario01_ConcurrentUnitsOfWork(Session session) {
        this.session = session;
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

    /**
     * One natural run, nothing forced, with {@value #DEFAULT_THREADS} visitors: see {@link #runNaturally(Database, int)}.
     */
    public static Outcome runNaturally(Database db) {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: {@code threads} visitors record {@value #VISITS_PER_THREAD}
     * visits each through one shared Session, which is closed when they are done. Goes wrong on
     * a commit that returned normally whose row is missing, a commit that threw whose row is
     * there, a pooled connection still checked out after the close, or any exception.
     */
    public static Outcome runNaturally(Database db, int threads) {
        NaturalRuns.requireThreads(threads);
        db.sessionFactory().inTransaction(s -> s.createMutationQuery("delete from Counter").executeUpdate());
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        List<String> returnedNormally = Collections.synchronizedList(new ArrayList<>());
        Session shared = db.sessionFactory().openSession();
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(shared);
            List<Actor<Object>> visitors = new ArrayList<>();
            for (int t = 1; t <= threads; t++) {
                String name = "visitor-" + t;
                visitors.add(race.run(name, () -> {
                    for (int v = 1; v <= VISITS_PER_THREAD; v++) {
                        String visit = name + " #" + v;
                        try {
                            visits.recordVisit(visit);
                            returnedNormally.add(visit);
                        } catch (RuntimeException e) {
                            failed.put(visit, e);
                        }
                    }
                }));
            }
            visitors.forEach(Actor::join);
        } finally {
            shared.close();
        }
        return judge(db, returnedNormally, failed);
    }

    /**
     * The headline, forced: Alice is inside her commit, her INSERT still queued, when Bob's
     * nameless visit fails and rolls back. Here Bob's rollback clears the shared
     * persistence context: Alice's commit returns normally and commits nothing, labelled
     * "a commit returned normally, its row is missing".
     * Judged as {@link #runNaturally}; Bob's refusal is the expected part and no failure.
     */
    public static Outcome runForced(Database db) {
        db.sessionFactory().inTransaction(s -> s.createMutationQuery("delete from Counter").executeUpdate());
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, "Alice", Object.class);
        Session shared = db.sessionFactory().openSession();
        Actor<Void> alice;
        Throwable bobsFailure;
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(shared);
            alice = race.run("Alice", () -> visits.recordVisit("Alice"));
            aliceCommitting.awaitReached();              // inside Alice's commit, before its flush
            bobsFailure = race.run("Bob", () -> visits.recordVisit(" ")).failure(); // refused: rolls back
            aliceCommitting.release();
            alice.failure();                             // waits (bounded) for her commit to end
        } finally {
            aliceCommitting.release();
            shared.close();
        }
        if (!(bobsFailure instanceof IllegalArgumentException)) {
            return bobsFailure == null ? Outcome.wrong("Bob's nameless visit was accepted") : Outcome.failed(bobsFailure);
        }
        Throwable alicesFailure = alice.failure();
        return alicesFailure == null ? judge(db, List.of("Alice"), Map.of())
                : judge(db, List.of(), Map.of("Alice", alicesFailure));
    }

    /** Compares what each visit's commit said with what the database holds. */
    static Outcome judge(Database db, List<String> returnedNormally, Map<String, Throwable> failed) {
        var saved = new TreeSet<>(db.queryForStrings("select label from Counter"));
        var quiet = new TreeSet<String>();
        if (db.activeConnections() > 0) {
            quiet.add("pooled connection still checked out after the Session was closed");
        }
        synchronized (returnedNormally) {
            if (!saved.containsAll(returnedNormally)) {
                quiet.add("a commit returned normally, its row is missing");
            }
        }
        if (failed.keySet().stream().anyMatch(saved::contains)) {
            quiet.add("a commit threw, its row is there");
        }
        if (!quiet.isEmpty()) {
            return Outcome.wrong(String.join(" + ", quiet));
        }
        return failed.values().stream().findFirst().map(Outcome::failed).orElse(Outcome.ok());
    }
}

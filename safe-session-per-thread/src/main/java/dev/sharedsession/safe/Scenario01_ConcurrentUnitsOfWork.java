package dev.sharedsession.safe;

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

    /** Threads of the natural run unless told otherwise, and visits each of them records. */
    public static final int DEFAULT_THREADS = 4;
    static final int VISITS_PER_THREAD = 5;

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

    /**
     * One natural run, nothing forced, with {@value #DEFAULT_THREADS} visitors: see {@link #runNaturally(Database, int)}.
     */
    public static Outcome runNaturally(Database db) {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: {@code threads} visitors record {@value #VISITS_PER_THREAD}
     * visits each, every visit in its own Session. Goes wrong on a commit that returned normally
     * whose row is missing, a commit that threw whose row is there, a pooled connection still
     * checked out at the end, or any exception.
     */
    public static Outcome runNaturally(Database db, int threads) {
        NaturalRuns.requireThreads(threads);
        db.sessionFactory().inTransaction(s -> s.createMutationQuery("delete from Counter").executeUpdate());
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        List<String> returnedNormally = Collections.synchronizedList(new ArrayList<>());
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());
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
        }
        return judge(db, returnedNormally, failed);
    }

    /**
     * The headline, forced: Alice is inside her commit, her INSERT still queued, when Bob's
     * nameless visit fails and rolls back. Here Bob's rollback discards only his own
     * visit, and Alice's commit saves hers: {@code ok}.
     * Judged as {@link #runNaturally}; Bob's refusal is the expected part and no failure.
     */
    public static Outcome runForced(Database db) {
        db.sessionFactory().inTransaction(s -> s.createMutationQuery("delete from Counter").executeUpdate());
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, "Alice", Object.class);
        Actor<Void> alice;
        Throwable bobsFailure;
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());
            alice = race.run("Alice", () -> visits.recordVisit("Alice"));
            aliceCommitting.awaitReached();              // inside Alice's commit, before its flush
            bobsFailure = race.run("Bob", () -> visits.recordVisit(" ")).failure(); // refused: rolls back
            aliceCommitting.release();
            alice.failure();                             // waits (bounded) for her commit to end
        } finally {
            aliceCommitting.release();
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

package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;

/**
 * Scenario 9's runs (a thread-bound current Session on a thread pool), written once for both
 * sides: a side is an {@link Imports}, the scenario class's constructor and its
 * {@code submitImport} step, bound with a lambda.
 *
 * <p>The scenario needs a database of its own ({@link #threadBound}: the thread-bound current
 * Session context, a pool of two connections), so each run opens one beside the database it is
 * given, with a {@link Stage} of its own, and closes that stage before that database.
 */
public final class Runs09_ThreadBoundSessionInAPool implements ScenarioRun {

    /** The cast is fixed: two worker threads beside a pool of two connections; --threads does not apply. */
    public static final int WORKERS = 2;

    static final String WORKER = "background-worker";
    static final String RECEIPTS = "select message from Receipt order by customer_id";

    /** A side's importer: what {@code new Scenario09_...(sessionFactory, background)} offers the runs. */
    @FunctionalInterface
    public interface Imports {
        /** The request hands a batch to the background; the future says how the task ended. */
        CompletableFuture<Integer> submitImport(SessionFactory sessionFactory, Executor background,
                                                long customerId, List<String> lines);
    }

    private final Imports imports;

    public Runs09_ThreadBoundSessionInAPool(Imports imports) {
        this.imports = imports;
    }

    /**
     * The settings this scenario runs on: {@code base} with
     * {@code hibernate.current_session_context_class=thread} (so {@code getCurrentSession()}
     * hands out the Session bound to the calling thread), a pool of two connections and a
     * 500 ms wait for one.
     */
    public static Database.Settings threadBound(Database.Settings base) {
        return base.withHibernateSetting(AvailableSettings.CURRENT_SESSION_CONTEXT_CLASS, "thread")
                .withPoolSize(2)
                .withConnectionTimeout(Duration.ofMillis(500));
    }

    /** A database with {@link #threadBound} settings over {@code db}'s, with pause points. */
    public static Database threadBoundDatabase(Database db) {
        return PausePoints.openDatabase(threadBound(db.settings()));
    }

    /** {@link #headline} on a thread-bound database of its own, opened beside {@code stage}'s. */
    @Override
    public Outcome forced(Stage stage) throws InterruptedException {
        try (Database threadBound = threadBoundDatabase(stage.db()); Stage own = new Stage(threadBound)) {
            return headline(own);
        }
    }

    /**
     * The headline, forced, on {@code stage}, whose database must have {@link #threadBound}
     * settings: one worker thread; Alice's batch fails on its blank second line, then Bob's
     * one-line batch runs on the same thread. Broken: nothing ends her transaction, Bob's task
     * joins it and his commit saves her first line: "a failed batch's line was committed by a
     * later task on its thread". Safe: her unit of work rolls back; only Bob's line: ok.
     */
    public Outcome headline(Stage stage) throws InterruptedException {
        Database db = stage.db();
        GatedExecutor background = stage.held(WORKER, 1);
        CompletableFuture<Integer> alice = imports.submitImport(db.sessionFactory(), background, 1, List.of("coffee", ""));
        CompletableFuture<Integer> bob = imports.submitImport(db.sessionFactory(), background, 2, List.of("tea"));
        background.open();                               // one worker thread: Alice's task, then Bob's
        Outcome alices = Outcome.of(alice, Race.TIMEOUT, WORKER);
        if (!alices.wentWrong()) {
            return Outcome.wrong("a batch with a blank line succeeded");
        }
        if (!(alices.failure() instanceof IllegalArgumentException)) {
            return alices;
        }
        Outcome bobs = Outcome.of(bob, Race.TIMEOUT, WORKER);
        return bobs.wentWrong() ? bobs : judge(db, List.of("tea"));
    }

    /**
     * One natural run, nothing forced, on a thread-bound database of its own: six batches on
     * {@value #WORKERS} worker threads (whatever {@code threads} says), the 2nd and the 5th with
     * a blank line. Goes wrong unless the four good batches succeed, the two bad ones fail with
     * their own message and leave nothing behind, and no connection stays checked out.
     */
    @Override
    public Outcome natural(Stage stage, int threads) throws InterruptedException {
        // threads is not used: the story is two pool threads beside two connections, and stays so.
        try (Database threadBound = threadBoundDatabase(stage.db()); Stage own = new Stage(threadBound)) {
            // its pool threads are on this stage, which the caller's does not wait for
            return own.endedWithItsThreads(sixBatches(own));
        }
    }

    private Outcome sixBatches(Stage stage) throws InterruptedException {
        Database db = stage.db();
        GatedExecutor workers = stage.running(WORKER, WORKERS);
        List<CompletableFuture<Integer>> tasks = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int batch = 1; batch <= 6; batch++) {
            boolean bad = batch == 2 || batch == 5;
            tasks.add(imports.submitImport(db.sessionFactory(), workers, batch,
                    bad ? List.of("batch " + batch, "") : List.of("batch " + batch)));
            if (!bad) {
                expected.add("batch " + batch);
            }
        }
        for (int batch = 1; batch <= 6; batch++) {
            boolean bad = batch == 2 || batch == 5;
            try {
                tasks.get(batch - 1).get(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (bad) {
                    return Outcome.wrong("a batch with a blank line succeeded");
                }
            } catch (ExecutionException failure) {
                if (!bad || !(failure.getCause() instanceof IllegalArgumentException)) {
                    return Outcome.failed(failure);
                }
            } catch (TimeoutException hang) {
                return Outcome.hang(WORKER);
            }
        }
        workers.awaitFinished(6);                        // a future completes just before its task ends
        return judge(db, expected);
    }

    /** No connection left checked out, and exactly the {@code expected} lines written. */
    private static Outcome judge(Database db, List<String> expected) {
        int leaked = db.activeConnections();
        if (leaked > 0) {
            return Outcome.wrong("failed tasks left " + (leaked == 1 ? "a connection" : "connections") + " checked out on pool threads");
        }
        return db.queryForStrings(RECEIPTS).equals(expected) ? Outcome.ok()
                : Outcome.wrong("a failed batch's line was committed by a later task on its thread");
    }
}

package dev.sharedsession.broken;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Receipt;
import dev.sharedsession.common.race.GatedExecutor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 9, broken: a thread-bound "current Session" on a thread pool.
 *
 * <p>The story. The application is configured with
 * {@code hibernate.current_session_context_class=thread}, so {@code getCurrentSession()} hands
 * out the Session bound to the calling thread, opening and binding one if there is none.
 * Requests (thread {@code request}) hand batches of receipt lines to a background executor
 * (threads {@code background-worker}, {@code background-worker-2}). Each task calls
 * {@code getCurrentSession()}, {@code beginTransaction()}, persists one receipt per line and
 * commits. A blank line throws half-way through, and nothing rolls back.
 *
 * <p>What breaks. The thread context unbinds (and closes) a Session only when its transaction
 * ends. A task that throws before commit leaves its Session bound to the <em>pool thread</em>,
 * in an open transaction, holding its JDBC connection. Pool threads live on, so:
 * <ul>
 *   <li>the next task on that thread gets the same Session from {@code getCurrentSession()};
 *       on Hibernate 7.4.15, {@code session.beginTransaction()} on a Session whose transaction
 *       is active does not complain, it simply joins it (only {@code getTransaction().begin()}
 *       says {@code IllegalStateException: Resource-local transaction already active}). The
 *       next task's commit therefore also commits the failed task's half batch: its caller
 *       was told "failed", yet its first lines are in the database;</li>
 *   <li>every pool thread that ran a failing task last keeps a connection checked out. With
 *       two workers and a pool of two connections, two failures are enough: any other thread
 *       asking for a connection times out with
 *       {@code org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection
 *       [pool-7 - Connection is not available, request timed out after 503ms (total=2, active=2,
 *       idle=0, waiting=0)] [n/a]} (cause {@code java.sql.SQLTransientConnectionException}, same text).</li>
 * </ul>
 *
 * <p>The fix, in {@code safe-session-per-thread}: a unit of work that always ends, whatever
 * happens in it: {@code sessionFactory.inTransaction(...)} when the code can take the Session
 * as a parameter, or, where code deep down calls {@code getCurrentSession()}, a wrapper that
 * commits or rolls back and in {@code finally} unbinds and closes whatever is still bound.
 */
public final class Scenario09_ThreadBoundSessionInAPool {

    private static final Logger log = LoggerFactory.getLogger(Scenario09_ThreadBoundSessionInAPool.class);

    /**
     * The natural run's cast is fixed: two worker threads beside a pool of two connections;
     * {@code runNaturally(db, threads)} ignores {@code threads}.
     */
    public static final int DEFAULT_THREADS = 2;

    private final SessionFactory sessionFactory;
    private final Executor background;

    public Scenario09_ThreadBoundSessionInAPool(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /**
     * The settings this scenario runs on: {@code base} with the thread-bound current Session
     * context, a pool of two connections and a 500 ms wait for one.
     */
    public static Database.Settings threadBound(Database.Settings base) {
        return base.withHibernateSetting(AvailableSettings.CURRENT_SESSION_CONTEXT_CLASS, "thread")
                .withPoolSize(2)
                .withConnectionTimeout(Duration.ofMillis(500));
    }

    /** The request hands a batch to the background; the future says how the task ended. */
    public CompletableFuture<Integer> submitImport(long customerId, List<String> lines) {
        return CompletableFuture.supplyAsync(() -> importReceipts(customerId, lines), background);
    }

    /** Writes one receipt per line, in the current Session of the calling thread. */
    public int importReceipts(long customerId, List<String> lines) {
        Session session = sessionFactory.getCurrentSession();
        // BROKEN: if this pool thread still has a Session in a transaction, this joins it.
        session.beginTransaction();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                // BROKEN: nothing rolls back, so the Session stays bound to this thread, its
                // transaction open, its connection checked out.
                throw new IllegalArgumentException("line " + (i + 1) + " of the batch for customer " + customerId + " is blank");
            }
            session.persist(new Receipt(customerId, line));
        }
        session.getTransaction().commit(); // the only way out that unbinds the Session
        log.info("imported {} receipt(s) for customer {}", lines.size(), customerId);
        return lines.size();
    }

    /** One natural run: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) throws Exception {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: six batches on two worker threads (whatever
     * {@code threads} says), the 2nd and the 5th with a blank line. Goes wrong unless the four good batches succeed, the two bad ones fail
     * with their own message and leave nothing behind, and no connection stays checked out.
     */
    public static Outcome runNaturally(Database db, int threads) throws Exception {
        NaturalRuns.requireThreads(threads);
        // threads is not used: the story is two pool threads beside two connections, and stays so.
        try (Database threadBound = PausePoints.openDatabase(threadBound(db.settings()))) {
            return sixBatches(threadBound);
        }
    }

    private static Outcome sixBatches(Database db) throws InterruptedException {
        AtomicInteger number = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, number.incrementAndGet() == 1 ? "background-worker" : "background-worker-2");
            thread.setDaemon(true);
            return thread;
        });
        try {
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), workers);
            List<CompletableFuture<Integer>> tasks = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int batch = 1; batch <= 6; batch++) {
                boolean bad = batch == 2 || batch == 5;
                tasks.add(imports.submitImport(batch, bad ? List.of("batch " + batch, "") : List.of("batch " + batch)));
                if (!bad) {
                    expected.add("batch " + batch);
                }
            }
            for (int batch = 1; batch <= 6; batch++) {
                boolean bad = batch == 2 || batch == 5;
                try {
                    tasks.get(batch - 1).get(PausePoints.of(db).timeout().toMillis(), TimeUnit.MILLISECONDS);
                    if (bad) {
                        return Outcome.wrong("a batch with a blank line succeeded");
                    }
                } catch (ExecutionException failure) {
                    if (!bad || !(failure.getCause() instanceof IllegalArgumentException)) {
                        return Outcome.failed(failure);
                    }
                } catch (TimeoutException hang) {
                    return Outcome.hang("background-worker");
                }
            }
            return judge(db, expected);
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * The headline, forced: one worker thread; Alice's batch fails on its blank second line,
     * then Bob's one-line batch runs on the same thread. Nothing ends her
     * transaction, so Bob's task joins it and his commit saves her first line:
     * "a failed batch's line was committed by a later task on its thread".
     */
    public static Outcome runForced(Database db) throws Exception {
        try (Database threadBound = PausePoints.openDatabase(threadBound(db.settings()));
             GatedExecutor background = GatedExecutor.held("background-worker", 1)) {
            var imports = new Scenario09_ThreadBoundSessionInAPool(threadBound.sessionFactory(), background);
            CompletableFuture<Integer> alice = imports.submitImport(1, List.of("coffee", ""));
            CompletableFuture<Integer> bob = imports.submitImport(2, List.of("tea"));
            background.open();                           // one worker thread: Alice's task, then Bob's
            Duration limit = PausePoints.of(threadBound).timeout();
            Outcome alices = Outcome.of(alice, limit, "background-worker");
            if (!alices.wentWrong()) {
                return Outcome.wrong("a batch with a blank line succeeded");
            }
            if (!alices.label().startsWith("IllegalArgumentException")) {
                return alices;
            }
            Outcome bobs = Outcome.of(bob, limit, "background-worker");
            return bobs.wentWrong() ? bobs : judge(threadBound, List.of("tea"));
        }
    }

    /** No connection left checked out, and exactly the {@code expected} lines written. */
    private static Outcome judge(Database db, List<String> expected) {
        int leaked = db.activeConnections();
        if (leaked > 0) {
            return Outcome.wrong("failed tasks left " + (leaked == 1 ? "a connection" : "connections") + " checked out on pool threads");
        }
        List<String> written = db.queryForStrings("select message from Receipt order by customer_id");
        return written.equals(expected) ? Outcome.ok()
                : Outcome.wrong("a failed batch's line was committed by a later task on its thread");
    }
}

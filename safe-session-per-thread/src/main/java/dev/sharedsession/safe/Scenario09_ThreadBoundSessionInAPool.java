package dev.sharedsession.safe;

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
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.context.internal.ThreadLocalSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 9, safe: a thread-bound "current Session" on a thread pool.
 *
 * <p>The story is the same: with {@code hibernate.current_session_context_class=thread},
 * requests (thread {@code request}) hand batches of receipt lines to two background workers
 * ({@code background-worker}, {@code background-worker-2}); code in the task calls
 * {@code getCurrentSession()}; a blank line throws half-way through a batch.
 *
 * <p>The fix: every task's unit of work ends, whatever happens in it, so nothing stays bound
 * to a pool thread that outlives the task.
 * <ul>
 *   <li>Where the code can take the Session as a parameter, don't use the current Session at
 *       all: {@code sessionFactory.inTransaction(session -> ...)} opens a Session of its own,
 *       commits, or rolls back on any exception, and always closes it.</li>
 *   <li>Where code deep down calls {@code getCurrentSession()} (as {@link #importReceipts} does
 *       through {@link #persistLine}), the task runs inside {@link #inCurrentSession}: begin,
 *       commit, or roll back and rethrow; either ends the transaction, which makes the thread
 *       context unbind and close the Session. A {@code finally} then unbinds and closes
 *       whatever is still bound (a rollback that itself failed), so the next task on this
 *       thread always starts from nothing.</li>
 * </ul>
 * The failed batch's caller gets its real exception, its lines are rolled back, the connection
 * is back in the pool the moment the task ends.
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

    /** Writes one receipt per line, in a unit of work that always ends. */
    public int importReceipts(long customerId, List<String> lines) {
        return inCurrentSession(session -> {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    throw new IllegalArgumentException("line " + (i + 1) + " of the batch for customer " + customerId + " is blank");
                }
                persistLine(customerId, line);
            }
            log.info("imported {} receipt(s) for customer {}", lines.size(), customerId);
            return lines.size();
        });
    }

    /** Code deep in the call chain that relies on the thread's current Session. */
    private void persistLine(long customerId, String line) {
        sessionFactory.getCurrentSession().persist(new Receipt(customerId, line));
    }

    /**
     * Runs {@code work} as one unit of work in this thread's current Session, and leaves the
     * thread with no Session bound, whatever happens.
     */
    private <T> T inCurrentSession(Function<Session, T> work) {
        Session session = sessionFactory.getCurrentSession();
        Transaction transaction = session.beginTransaction();
        try {
            T result = work.apply(session);
            transaction.commit(); // ending the transaction unbinds and closes the Session
            return result;
        } catch (RuntimeException | Error failure) {
            if (transaction.isActive()) {
                transaction.rollback(); // so does rolling it back
            }
            throw failure;
        } finally {
            // SAFE: even if commit or rollback threw, nothing stays bound to this pool thread.
            Session left = ThreadLocalSessionContext.unbind(sessionFactory);
            if (left != null && left.isOpen()) {
                left.close();
            }
        }
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
     * then Bob's one-line batch runs on the same thread. Her unit of work
     * rolls back and leaves the thread with no Session; Bob's task starts a fresh one: ok.
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

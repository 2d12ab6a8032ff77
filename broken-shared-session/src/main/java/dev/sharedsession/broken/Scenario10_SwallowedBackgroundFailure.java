package dev.sharedsession.broken;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Receipt;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.Race;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 10, broken: a background failure nobody hears about.
 *
 * <p>The story. A checkout request (thread {@code request}) hands "write the receipt" to a
 * background executor (thread {@code background-worker}) with {@code executor.submit(...)}
 * and returns at once. The task does everything right with Hibernate (its own Session from the
 * SessionFactory, {@code inTransaction}, only the id crosses threads), but the receipt text
 * quotes the customer's note, and a long note does not fit the {@code message} column.
 *
 * <p>What breaks. Not Hibernate: the hand-off. The task's transaction is rolled back and
 * Hibernate throws (on 7.4.15 with H2: {@code org.hibernate.exception.DataException: could not
 * execute statement [Value too long for column "MESSAGE CHARACTER VARYING(255)": ...]}).
 * {@code submit} catches whatever its task throws and keeps it inside the returned
 * {@code Future}; that future is dropped, so the exception is kept where nobody will ever
 * look. The executor thread's uncaught-exception handler is never called (the task did not
 * "throw" as far as the thread is concerned), nothing is logged, no counter moves. The request
 * returned normally, the customer was told "done", the receipt does not exist, and the only
 * way to find out is to notice the missing row. (A bare {@code new Thread(...)} is barely
 * better: the JVM prints the stack trace to standard error, outside the application's log,
 * and the caller still never knows.)
 *
 * <p>A second, quieter problem: {@code Executors.newFixedThreadPool} queues without limit. When
 * the background is stuck, every request still "succeeds" and the backlog grows until memory
 * runs out.
 *
 * <p>The fix, in {@code safe-session-per-thread}: a small runner ({@code BackgroundTasks}) that
 * returns a future the caller can check, logs and counts every failure, and has a bounded
 * queue that rejects with a clear exception when full.
 */
public final class Scenario10_SwallowedBackgroundFailure {

    private static final Logger log = LoggerFactory.getLogger(Scenario10_SwallowedBackgroundFailure.class);

    /**
     * The natural run's cast is fixed: one request's three checkouts on one background thread;
     * {@code runNaturally(db, threads)} ignores {@code threads}.
     */
    public static final int DEFAULT_THREADS = 1;

    private final SessionFactory sessionFactory;
    private final ExecutorService background;

    public Scenario10_SwallowedBackgroundFailure(SessionFactory sessionFactory, ExecutorService background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /** The request: hands the receipt to the background and returns at once. */
    public void checkout(long customerId, String note) {
        // BROKEN: submit() keeps the task's exception inside the Future it returns, and the
        // Future is thrown away right here.
        background.submit(() -> writeReceipt(customerId, note));
        log.info("checkout done for customer {}; receipt handed to the background", customerId);
    }

    /** The background task, in a Session of its own. */
    private void writeReceipt(long customerId, String note) {
        sessionFactory.inTransaction(session -> session.persist(new Receipt(customerId, receiptText(note))));
    }

    /** What a receipt says: it quotes the customer's note, which may be long. */
    public static String receiptText(String note) {
        return "thank you! your note: " + note;
    }

    /** A note too long for the receipt's 255-character message column. */
    public static String longNote() {
        return "please ".repeat(40) + "leave it at the door";
    }

    /** One natural run: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) throws InterruptedException {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: three checkouts on a single background thread (whatever
     * {@code threads} says), the
     * second with a long note. Goes wrong if a receipt is missing and nothing reported why.
     */
    public static Outcome runNaturally(Database db, int threads) throws InterruptedException {
        NaturalRuns.requireThreads(threads);
        // threads is not used: the story is one request's three checkouts on one background thread.
        long base = db.queryForLong("select coalesce(max(customer_id), 0) from Receipt"); // earlier runs' receipts stay
        AtomicInteger noticed = new AtomicInteger(); // what reached the thread's uncaught-exception handler
        ExecutorService background = Executors.newSingleThreadExecutor(witnessedBy(noticed));
        var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);
        try {
            shop.checkout(base + 1, "fast delivery please");
            shop.checkout(base + 2, longNote());
            shop.checkout(base + 3, "gift wrap");
        } finally {
            background.shutdown();
        }
        if (!background.awaitTermination(PausePoints.of(db).timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            background.shutdownNow();
            return Outcome.hang("background-worker");
        }
        List<Long> customers = db.queryForStrings("select customer_id from Receipt where customer_id > " + base
                + " order by customer_id").stream().map(id -> Long.parseLong(id) - base).toList();
        if (customers.equals(List.of(1L, 2L, 3L))) {
            return Outcome.ok();
        }
        return missing(noticed);
    }

    /**
     * The headline, forced: the request checks out with a long note and returns; only then does
     * the background task's INSERT run, and fail. No receipt, and the exception stays in the
     * dropped Future: "a receipt is missing and nothing reported why".
     */
    public static Outcome runForced(Database db) throws InterruptedException {
        long customerId = db.queryForLong("select coalesce(max(customer_id), 0) from Receipt") + 1;
        AtomicInteger noticed = new AtomicInteger();
        ExecutorService background = Executors.newSingleThreadExecutor(witnessedBy(noticed));
        Pause workerBeforeInsert = PausePoints.of(db).beforeStatement("background-worker", "insert into Receipt");
        try (Race race = Race.bounded()) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);
            Actor<Void> request = race.run("request", () -> shop.checkout(customerId, longNote()));
            workerBeforeInsert.awaitReached();           // the task is about to INSERT
            Outcome checkout = request.outcome();        // the request is over, and it went "fine"
            workerBeforeInsert.release();                // the INSERT runs now, and fails
            if (checkout.wentWrong()) {
                return checkout;
            }
        } finally {
            workerBeforeInsert.release();
            background.shutdown();
        }
        if (!background.awaitTermination(PausePoints.of(db).timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            background.shutdownNow();
            return Outcome.hang("background-worker");
        }
        if (db.queryForLong("select count(*) from Receipt where customer_id = " + customerId) != 0) {
            return Outcome.wrong("the receipt with the long note was written");
        }
        return missing(noticed);
    }

    /** A receipt is missing: who, if anybody, heard why. */
    private static Outcome missing(AtomicInteger noticed) {
        return noticed.get() == 0 ? Outcome.wrong("a receipt is missing and nothing reported why")
                : Outcome.wrong("a receipt is missing; only the thread's uncaught-exception handler saw why");
    }

    /** The background thread, named, counting what reaches its uncaught-exception handler. */
    private static ThreadFactory witnessedBy(AtomicInteger noticed) {
        return task -> {
            Thread thread = new Thread(task, "background-worker");
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> noticed.incrementAndGet());
            return thread;
        };
    }
}

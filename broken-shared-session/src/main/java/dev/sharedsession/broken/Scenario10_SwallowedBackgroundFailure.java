package dev.sharedsession.broken;

import dev.sharedsession.model.Receipt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
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

    private final SessionFactory sessionFactory;
    private final ExecutorService background;

    public Scenario10_SwallowedBackgroundFailure(SessionFactory sessionFactory, ExecutorService background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /**
     * The request: hands the receipt to the background and returns at once, with what the
     * caller is told about the receipt.
     */
    public CompletableFuture<Void> checkout(long customerId, String note) {
        // BROKEN: submit() keeps the task's exception inside the Future it returns, and that
        // Future is thrown away right here; the caller is told "done" before the task even ran.
        background.submit(() -> writeReceipt(customerId, note));
        log.info("checkout done for customer {}; receipt handed to the background", customerId);
        return CompletableFuture.completedFuture(null);
    }

    /** The background task, in a Session of its own. */
    private void writeReceipt(long customerId, String note) {
        sessionFactory.inTransaction(session -> session.persist(new Receipt(customerId, receiptText(note))));
    }

    /** What a receipt says: it quotes the customer's note, which may be long. */
    public static String receiptText(String note) {
        return "thank you! your note: " + note;
    }
}

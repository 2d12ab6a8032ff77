package dev.sharedsession.safe;

import dev.sharedsession.model.Receipt;
import java.util.concurrent.CompletableFuture;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 10, safe: a background failure that cannot go unheard.
 *
 * <p>The story is the same: a checkout request (thread {@code request}) hands "write the
 * receipt" to the background (thread {@code background-worker}) and returns at once; a long
 * customer note makes the task's INSERT fail ({@code org.hibernate.exception.DataException:
 * could not execute statement [Value too long for column "MESSAGE CHARACTER VARYING(255)": ...]}
 * on 7.4.15 with H2) and its transaction roll back.
 *
 * <p>The fix is the hand-off, not the Hibernate code: the task goes through
 * {@link BackgroundTasks}, which
 * <ul>
 *   <li>returns a {@code CompletableFuture} that fails with the task's own exception, so a
 *       caller that cares can wait for it or chain a compensation onto it;</li>
 *   <li>logs every failure at ERROR with the task's name, and counts it, so a caller that
 *       does not care still leaves a trace someone can alert on;</li>
 *   <li>has a bounded queue: when its threads are busy and the queue is full, the next
 *       checkout is rejected at once with a {@code RejectedExecutionException} that says so,
 *       instead of piling up work in memory that nobody will ever do.</li>
 * </ul>
 * The task itself still opens its own Session with {@code inTransaction}, so a failure rolls
 * its transaction back and gives its connection back.
 */
public final class Scenario10_SwallowedBackgroundFailure {

    private static final Logger log = LoggerFactory.getLogger(Scenario10_SwallowedBackgroundFailure.class);

    private final SessionFactory sessionFactory;
    private final BackgroundTasks background;

    public Scenario10_SwallowedBackgroundFailure(SessionFactory sessionFactory, BackgroundTasks background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /**
     * The request: hands the receipt to the background and returns at once, with the task's
     * future. Throws {@code RejectedExecutionException} if the background is full.
     */
    public CompletableFuture<Void> checkout(long customerId, String note) {
        // SAFE: the runner keeps no secrets: the future, the log and its failure counter all hear of a failure.
        CompletableFuture<Void> receipt = background.submit("receipt for customer " + customerId, () -> {
            writeReceipt(customerId, note);
            return null;
        });
        log.info("checkout done for customer {}; receipt handed to the background", customerId);
        return receipt;
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

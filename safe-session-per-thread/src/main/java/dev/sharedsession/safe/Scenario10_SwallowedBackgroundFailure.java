package dev.sharedsession.safe;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Receipt;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.Race;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hibernate.SessionFactory;
import org.hibernate.exception.DataException;
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

    /**
     * The natural run's cast is fixed: one request's three checkouts on one background thread;
     * {@code runNaturally(db, threads)} ignores {@code threads}.
     */
    public static final int DEFAULT_THREADS = 1;

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
     * second with a long note. Goes wrong unless the two good receipts are written and the
     * failed one reached its caller (as the DataException), the log and the counter.
     */
    public static Outcome runNaturally(Database db, int threads) throws InterruptedException {
        NaturalRuns.requireThreads(threads);
        // threads is not used: the story is one request's three checkouts on one background thread.
        long base = db.queryForLong("select coalesce(max(customer_id), 0) from Receipt"); // earlier runs' receipts stay
        try (BackgroundTasks background = new BackgroundTasks("background-worker", 1, 10)) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);
            List<CompletableFuture<Void>> receipts = List.of(
                    shop.checkout(base + 1, "fast delivery please"),
                    shop.checkout(base + 2, longNote()),
                    shop.checkout(base + 3, "gift wrap"));
            for (int i = 0; i < receipts.size(); i++) {
                try {
                    receipts.get(i).get(PausePoints.of(db).timeout().toMillis(), TimeUnit.MILLISECONDS);
                    if (i == 1) {
                        return Outcome.wrong("the receipt with the long note was written");
                    }
                } catch (ExecutionException failure) {
                    if (i != 1 || !(failure.getCause() instanceof DataException)) {
                        return Outcome.failed(failure);
                    }
                } catch (TimeoutException hang) {
                    return Outcome.hang("background-worker");
                }
            }
            if (background.failures() != 1) {
                return Outcome.wrong("the runner counted " + background.failures() + " failures instead of 1");
            }
        }
        List<Long> customers = db.queryForStrings("select customer_id from Receipt where customer_id > " + base
                + " order by customer_id").stream().map(id -> Long.parseLong(id) - base).toList();
        return customers.equals(List.of(1L, 3L)) ? Outcome.ok() : Outcome.wrong("the receipts written were not exactly the two good ones");
    }

    /**
     * The headline, forced: the request checks out with a long note and returns; only then does
     * the background task's INSERT run, and fail. The runner hands the failure to the future the
     * request returned, to its log and to its counter: ok (the receipt is rightly missing, and
     * everybody who should know, knows).
     */
    public static Outcome runForced(Database db) throws InterruptedException {
        long customerId = db.queryForLong("select coalesce(max(customer_id), 0) from Receipt") + 1;
        Pause workerBeforeInsert = PausePoints.of(db).beforeStatement("background-worker", "insert into Receipt");
        try (Race race = Race.bounded(); BackgroundTasks background = new BackgroundTasks("background-worker", 1, 10)) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);
            Actor<CompletableFuture<Void>> request = race.start("request", () -> shop.checkout(customerId, longNote()));
            workerBeforeInsert.awaitReached();           // the task is about to INSERT
            Outcome checkout = request.outcome();        // the request is over, and it went fine
            workerBeforeInsert.release();                // the INSERT runs now, and fails
            if (checkout.wentWrong()) {
                return checkout;
            }
            Outcome receipt = Outcome.of(request.join(), PausePoints.of(db).timeout(), "background-worker");
            if (!receipt.wentWrong()) {
                return Outcome.wrong("the receipt with the long note was written");
            }
            if (!receipt.label().startsWith("DataException")) {
                return receipt;
            }
            if (background.failures() != 1) {
                return Outcome.wrong("the runner counted " + background.failures() + " failures instead of 1");
            }
        } finally {
            workerBeforeInsert.release();
        }
        return Outcome.expectCount(db, "select count(*) from Receipt where customer_id = " + customerId, 0);
    }
}

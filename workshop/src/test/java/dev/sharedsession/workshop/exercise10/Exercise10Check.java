package dev.sharedsession.workshop.exercise10;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.runs.Runs10_SwallowedBackgroundFailure;
import dev.sharedsession.safe.BackgroundTasks;
import dev.sharedsession.safe.Scenario10_SwallowedBackgroundFailure;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hibernate.exception.DataException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exercise 10's check: run it with {@code ./exercise check 10}. */
@DisplayName("Exercise 10: a background failure nobody hears of")
class Exercise10Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(10);

    private static final String LONG_NOTE = Runs10_SwallowedBackgroundFailure.longNote(); // too long for the receipt

    @Test
    @OnTheStartingPoint(fails = "Expecting actual: \"completed\" to start with: \"failed: org.hibernate.exception.DataException: could not execute statement\"")
    @DisplayName("three checkouts, the second with a note too long for its receipt: its caller gets the DataException, the other two receipts are written")
    void theFailedReceiptReachesItsCaller(Database db, Subject subject) {
        // One background thread, as the starting point's executor and the solution's runner.
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> daemon(task, "background-worker"));
        BackgroundTasks runner = new BackgroundTasks("background-worker", 1, 10);
        try {
            ReceiptDesk desk = subject.<ReceiptDesk>pick(() -> new CheckoutDesk(db.sessionFactory(), executor),
                    () -> new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), runner)::checkout,
                    db.sessionFactory(), executor);

            CompletableFuture<Void> first = desk.checkout(1, "fast delivery please");
            CompletableFuture<Void> second = desk.checkout(2, LONG_NOTE);
            CompletableFuture<Void> third = desk.checkout(3, "gift wrap");

            assertThat(Ending.of(first)).as("how the first checkout's receipt task ended").isEqualTo(Ending.COMPLETED);
            // The caller must hear of the failure, with Hibernate's own exception as the cause.
            assertThat(Ending.of(second)).as("how the receipt task of the checkout with the long note ended, as its caller sees it")
                    .startsWith("failed: " + DataException.class.getName() + ": could not execute statement");
            assertThat(Ending.of(third)).as("how the third checkout's receipt task ended").isEqualTo(Ending.COMPLETED);
        } finally {
            executor.shutdownNow();
            runner.close();
        }
        assertThat(db.queryForStrings("select customer_id from Receipt order by customer_id"))
                .as("customers with a receipt in the database").containsExactly("1", "3");
        assertThat(db.activeConnections()).as("pooled connections still checked out").isZero();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}

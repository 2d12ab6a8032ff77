package dev.sharedsession.workshop.exercise04;

import dev.sharedsession.race.PausePoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.EndedFirstException;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exercise 4's check: run it with {@code ./exercise check 4}. Its threads and executor run on a
 * {@link Stage}, so that a task the session guard stops before its pause ends the wait for it at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Exercise 4: a background task after the request closed its Session")
class Exercise04Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(4);

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";

    private static Checkout shop(Subject subject, SessionFactory sessionFactory, Executor background) {
        return subject.<Checkout>pick(() -> new CheckoutWithReceipt(sessionFactory, background),
                () -> customerId -> new Scenario04_BackgroundTaskAfterRequest(sessionFactory, background)
                        .checkout(customerId).receipt(), sessionFactory, background);
    }

    @Test
    @Order(1)
    @OnTheStartingPoint(fails = "expected: \"completed\" but was: \"failed: java.lang.IllegalStateException: Session/EntityManager is closed\"")
    @DisplayName("the task starts only after the request has returned: its receipt is written, no connection is left checked out")
    void taskStartsAfterTheRequestReturned(Database db, Subject subject) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        try (Stage race = new Stage(db); GatedExecutor background = race.held(WORKER, 1)) {
            Checkout shop = shop(subject, db.sessionFactory(), background);

            var receipt = race.start(REQUEST, () -> shop.checkout(alice)).join(); // the request is over
            background.open();                                                    // now the task runs

            assertThat(Ending.of(receipt)).as("how the receipt task ended (it ran after the request had returned)")
                    .isEqualTo(Ending.COMPLETED);
        }
        assertThat(db.queryForStrings("select message from Receipt")).as("the receipts in the database")
                .containsExactly("thank you, Alice, for 2 orders");
        assertThat(db.activeConnections()).as("pooled connections still checked out").isZero();
    }

    @Test
    @Order(2)
    @OnTheStartingPoint(fails = "[how the receipt task ended (the request returned during its commit)] expected: \"completed\" but was: \"failed: "
            + "dev.sharedsession.guard.SessionSharedAcrossThreadsException: Session used by thread 'background-worker' in SharedSessionContract.inTransaction, "
            + "but it belongs to thread 'request' (session guard: CONFINED)")
    @DisplayName("the request returns while the task is about to insert the receipt: the receipt is still written")
    void requestReturnsWhileTheTaskIsCommitting(Database db, Subject subject) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        Pause requestBeforeRendering = PausePoints.of(db).beforeStatement(REQUEST, "from PurchaseOrder");
        Pause workerBeforeInsert = PausePoints.of(db).beforeStatement(WORKER, "insert into Receipt");
        try (Stage race = new Stage(db); GatedExecutor background = race.held(WORKER, 1)) {
            Checkout shop = shop(subject, db.sessionFactory(), background);

            Actor<CompletableFuture<Void>> request = race.start(REQUEST, () -> shop.checkout(alice));
            requestBeforeRendering.awaitReached(); // the task has been handed over
            background.open();                     // only now does it start
            try {
                workerBeforeInsert.awaitReached(); // the task is committing, about to INSERT
            } catch (EndedFirstException taskEndedFirst) {
                // The task failed before its INSERT (its future says how): the request goes on.
                requestBeforeRendering.release();
            }
            requestBeforeRendering.release();
            CompletableFuture<Void> receipt = request.join(); // the request rendered and returned
            workerBeforeInsert.release();

            assertThat(Ending.of(receipt)).as("how the receipt task ended (the request returned during its commit)")
                    .isEqualTo(Ending.COMPLETED);
        }
        assertThat(db.queryForStrings("select message from Receipt")).as("the receipts in the database")
                .containsExactly("thank you, Alice, for 2 orders");
        assertThat(db.activeConnections()).as("pooled connections still checked out").isZero();
    }
}

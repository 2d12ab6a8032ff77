package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest.Checkout;
import dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest.Summary;
import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.hibernate.LazyInitializationException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 4, broken: the background task uses the request's Session")
class Scenario04_BackgroundTaskAfterRequestTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final String RENDERING_THE_ORDERS = "from PurchaseOrder";
    private static final String INSERTING_THE_RECEIPT = "insert into Receipt";

    @RaceTest
    @DisplayName("the task starts after the request closed its Session: it fails with 'Session/EntityManager is closed' and no receipt is written")
    void taskRunsAfterTheRequestClosedItsSession(Stage stage) throws Exception {
        Outcome outcome = Bindings.SCENARIO_04.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.failure()).isInstanceOf(IllegalStateException.class)
                .hasMessage("Session/EntityManager is closed");
        assertThat(stage.db().countRows("Receipt")).isZero();
    }

    @RaceTest
    @DisplayName("the task finishes before the request closes its Session: the same code works, which is why the bug ships")
    void taskFinishesBeforeTheRequestClosesItsSession(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        Pause requestBeforeRendering = stage.beforeStatement(REQUEST, RENDERING_THE_ORDERS);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        Actor<Checkout> request = stage.start(REQUEST, () -> shop.checkout(alice));
        requestBeforeRendering.awaitReached(); // the task has been handed over
        background.open();                     // only now does it start: nothing of the two overlaps
        background.awaitFinished(1);           // ...and it is done before the request goes on
        requestBeforeRendering.release();

        Checkout checkout = request.join();
        assertThat(checkout.receipt()).succeedsWithin(Race.TIMEOUT);
        assertThat(checkout.ordersShown()).isEqualTo(2);
        assertThat(db.countRows("Receipt")).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("the request closes its Session while the task is inside its flush: the INSERT finds the JDBC connection closed and the receipt is lost")
    void requestClosesItsSessionWhileTheTaskIsFlushing(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        Pause requestBeforeRendering = stage.beforeStatement(REQUEST, RENDERING_THE_ORDERS);
        Pause workerBeforeInsert = stage.beforeStatement(WORKER, INSERTING_THE_RECEIPT);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        Actor<Checkout> request = stage.start(REQUEST, () -> shop.checkout(alice));
        requestBeforeRendering.awaitReached();
        background.open();
        workerBeforeInsert.awaitReached();     // the task is committing: flush, about to INSERT
        requestBeforeRendering.release();
        Checkout checkout = request.join();    // the request rendered and closed the Session
        workerBeforeInsert.release();

        assertThat(checkout.receipt()).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class)
                .withMessageMatching("org\\.hibernate\\.resource\\.jdbc\\.internal\\.LogicalConnectionManagedImpl@\\p{XDigit}+ is closed");
        assertThat(db.countRows("Receipt")).isZero();
    }

    @RaceTest
    @DisplayName("the task reads the handed-over customer's lazy orders after the request ended: LazyInitializationException")
    void taskTouchesALazyCollectionOfTheCustomer(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        Checkout checkout = stage.start(REQUEST, () -> shop.checkoutWithSummary(alice, Summary.ORDER_COUNT)).join();
        background.open();

        assertThat(checkout.receipt()).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(LazyInitializationException.class)
                .withMessageContaining("Customer.orders")
                .withMessageContaining("no session");
        assertThat(db.countRows("Receipt")).isZero();
    }

    @RaceTest
    @DisplayName("the task reads the handed-over customer's lazy region after the request ended: LazyInitializationException")
    void taskTouchesALazyToOneOfTheCustomer(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        Checkout checkout = stage.start(REQUEST, () -> shop.checkoutWithSummary(alice, Summary.REGION)).join();
        background.open();

        assertThat(checkout.receipt()).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(LazyInitializationException.class)
                .withMessageContaining("Region")
                .withMessageContaining("no session");
        assertThat(db.countRows("Receipt")).isZero();
    }

    @RaceTest
    @DisplayName("a task's own failure is masked: the caller sees 'Session/EntityManager is closed', not 'has no orders'")
    void aFailingTaskReachesTheCaller(Stage stage) {
        Database db = stage.db();
        long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        Checkout checkout = stage.start(REQUEST, () -> shop.checkout(bob)).join();
        background.open();

        assertThat(checkout.receipt()).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class)
                .withMessage("Session/EntityManager is closed");
        assertThat(db.countRows("Receipt")).isZero();
    }

    @RaceTest
    @DisplayName("eight concurrent checkouts whose tasks start after their requests ended: all eight receipts are lost")
    void eightConcurrentCheckouts(Stage stage) {
        Database db = stage.db();
        List<Long> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "customer " + i, "North", 1));
        }
        GatedExecutor background = stage.held(WORKER, 4);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        List<Actor<Checkout>> requests = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            long id = customers.get(i);
            requests.add(stage.start(REQUEST + "-" + (i + 1), () -> shop.checkout(id)));
        }
        List<Checkout> checkouts = requests.stream().map(Actor::join).toList();
        background.open();

        assertThat(checkouts).allSatisfy(checkout -> assertThat(checkout.receipt()).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class)
                .withMessage("Session/EntityManager is closed"));
        assertThat(db.countRows("Receipt")).isZero();
    }

}

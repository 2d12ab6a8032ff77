package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs04_BackgroundTaskAfterRequest;
import dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest.Checkout;
import dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest.Summary;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 4, safe: the background task gets an id and opens its own Session")
class Scenario04_BackgroundTaskAfterRequestTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final String RENDERING_THE_ORDERS = "from PurchaseOrder";
    private static final String INSERTING_THE_RECEIPT = "insert into Receipt";

    @RaceTest
    @DisplayName("the task starts after the request closed its Session: it commits its receipt, no connection leaks")
    void taskRunsAfterTheRequestClosedItsSession(Stage stage) throws Exception {
        Outcome outcome = Bindings.SCENARIO_04.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForStrings("select message from Receipt")).containsExactly("thank you, Alice, for 2 orders");
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task finishes before the request closes its Session: one receipt, no connection leaks")
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
        assertThat(db.queryForStrings("select message from Receipt")).containsExactly("thank you, Alice, for 2 orders");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the request closes its Session while the task is inside its flush: the task's own Session commits the receipt")
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
        Checkout checkout = request.join();    // the request rendered and closed its Session
        workerBeforeInsert.release();

        assertThat(checkout.receipt()).succeedsWithin(Race.TIMEOUT);
        assertThat(db.queryForStrings("select message from Receipt")).containsExactly("thank you, Alice, for 2 orders");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task needs the customer's orders: it loads them itself with a fetch join and counts 3")
    void taskTouchesALazyCollectionOfTheCustomer(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        Checkout checkout = stage.start(REQUEST, () -> shop.checkoutWithSummary(alice, Summary.ORDER_COUNT)).join();
        background.open();

        assertThat(checkout.receipt()).succeedsWithin(Race.TIMEOUT);
        assertThat(db.queryForStrings("select message from Receipt")).containsExactly("3 orders");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task needs the customer's region: it loads it itself with a fetch join and names it")
    void taskTouchesALazyToOneOfTheCustomer(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        Checkout checkout = stage.start(REQUEST, () -> shop.checkoutWithSummary(alice, Summary.REGION)).join();
        background.open();

        assertThat(checkout.receipt()).succeedsWithin(Race.TIMEOUT);
        assertThat(db.queryForStrings("select message from Receipt")).containsExactly("region North");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("a task's own failure reaches the caller with its real message; its transaction is rolled back, no connection leaks")
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
                .withMessage("customer " + bob + " has no orders: no receipt to write");
        assertThat(db.countRows("Receipt")).isZero();
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight concurrent checkouts, four background threads, nothing forced: exactly one receipt per customer, no connection leaks")
    void eightConcurrentCheckouts(Stage stage) {
        Database db = stage.db();
        List<Long> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "customer " + i, "North", 1));
        }
        CyclicBarrier together = new CyclicBarrier(customers.size()); // all eight start at once
        GatedExecutor background = stage.running(WORKER, 4);
        var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);

        List<Actor<Checkout>> requests = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            long id = customers.get(i);
            requests.add(stage.start(REQUEST + "-" + (i + 1), () -> {
                together.await(Race.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                return shop.checkout(id);
            }));
        }
        List<Checkout> checkouts = requests.stream().map(Actor::join).toList();

        assertThat(checkouts).allSatisfy(checkout -> assertThat(checkout.receipt()).succeedsWithin(Race.TIMEOUT));
        assertThat(db.queryForStrings("select customer_id from Receipt order by customer_id"))
                .containsExactlyElementsOf(customers.stream().map(String::valueOf).toList());
        assertThat(db.queryForStrings("select message from Receipt order by customer_id"))
                .containsExactly("thank you, customer 1, for 1 orders", "thank you, customer 2, for 1 orders",
                        "thank you, customer 3, for 1 orders", "thank you, customer 4, for 1 orders",
                        "thank you, customer 5, for 1 orders", "thank you, customer 6, for 1 orders",
                        "thank you, customer 7, for 1 orders", "thank you, customer 8, for 1 orders");
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (its receipt written, no connection leaked)")
    void uncoordinatedCheckoutsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario04-natural"),
                Bindings.SCENARIO_04.naturalRun(Runs04_BackgroundTaskAfterRequest.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight checkouts at once, nothing forced: eight receipts, one per customer")
    void naturalRunOfEightCheckouts(Stage stage) throws Exception {
        assertThat(Bindings.SCENARIO_04.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().countRows("Receipt")).isEqualTo(8);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs12_PoolStarvation;
import dev.sharedsession.runs.Runs12_PoolStarvation.HeldSlowWork;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.DisplayName;

/** Each test runs on a database of its own: these need a pool of two and a 500 ms connection timeout. */
@DisplayName("Scenario 12, broken: background tasks hold their Session's connection through slow work")
class Scenario12_PoolStarvationTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final String INSERTING_THE_STATEMENT = "insert into Receipt";
    private static final String POOL_TIMEOUT = "Unable to acquire JDBC Connection \\[pool-\\d+ - Connection is not available, "
            + "request timed out after \\d+ms \\(total=2, active=2, idle=0, waiting=\\d+\\)\\] \\[n/a\\]";

    private static Database smallPool() {
        return PausePoints.openDatabase(Scenario12_PoolStarvation.smallPool(Database.Settings.fromSystemProperties("scenario12")));
    }

    @RaceTest
    @DisplayName("a request places an order while every background thread is rendering a statement: both connections are held idle, the request times out with JDBCConnectionException")
    void requestsWhileBackgroundWorkIsSlow(Stage stage) throws Exception {
        Outcome outcome = Bindings.SCENARIO_12.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo(Runs12_PoolStarvation.POOL_TIMEOUT);
        assertThat(outcome.failure())
                .isInstanceOf(JDBCConnectionException.class)
                .hasMessageMatching(POOL_TIMEOUT)
                .hasCauseInstanceOf(SQLTransientConnectionException.class);
        // The run's small pool opens the same database as the stage's: its rows are visible here.
        assertThat(stage.db().queryForStrings("select message from Receipt order by customer_id"))
                .containsExactly("statement for Alice", "statement for Bob");
        assertThat(stage.db().countRows("PurchaseOrder")).isZero(); // the order was never placed
    }

    @RaceTest
    @DisplayName("no slow work, a request while the workers are inside their INSERT: both workers take the whole pool, and the request times out")
    void backgroundWorkersFillThePool() {
        try (Database db = smallPool(); Stage stage = new Stage(db)) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            Pause firstWorker = stage.beforeStatement(WORKER, INSERTING_THE_STATEMENT);
            Pause secondWorker = stage.beforeStatement(WORKER + "-2", INSERTING_THE_STATEMENT);
            GatedExecutor background = stage.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2));
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, name -> "statement for " + name);

            CompletableFuture<Void> aliceStatement = shop.submitStatement(alice);
            CompletableFuture<Void> bobStatement = shop.submitStatement(bob);
            firstWorker.awaitReached();
            secondWorker.awaitReached(); // each is in its short unit of work, each holds a connection
            assertThat(db.activeConnections()).isEqualTo(2);

            Throwable request = stage.start(REQUEST, () -> shop.placeOrder(alice, 1_000)).failure();
            assertThat(request).isInstanceOf(JDBCConnectionException.class).hasMessageMatching(POOL_TIMEOUT);

            firstWorker.release();
            secondWorker.release();
            assertThat(aliceStatement).succeedsWithin(Race.TIMEOUT);
            assertThat(bobStatement).succeedsWithin(Race.TIMEOUT);
            assertThat(db.countRows("Receipt")).isEqualTo(2);
            assertThat(db.countRows("PurchaseOrder")).isZero();
        }
    }

    @RaceTest
    @DisplayName("eight requests, started together, while every background thread renders a statement: all eight time out, not one order is placed")
    void eightRequestsWhileBackgroundWorkIsSlow() throws InterruptedException {
        HeldSlowWork slow = new HeldSlowWork(Race.TIMEOUT);
        try (Database db = smallPool(); Stage stage = new Stage(db)) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            GatedExecutor background = stage.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2));
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, slow::render);

            List<CompletableFuture<Void>> statements = List.of(shop.submitStatement(alice), shop.submitStatement(bob));
            slow.awaitBusy(2);

            CyclicBarrier together = new CyclicBarrier(8);
            List<Actor<Long>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                requests.add(stage.start(REQUEST + "-" + r, () -> {
                    together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return shop.placeOrder(alice, 1_000);
                }));
            }
            assertThat(requests).allSatisfy(request -> assertThat(request.failure())
                    .isInstanceOf(JDBCConnectionException.class).hasMessageMatching(POOL_TIMEOUT));

            slow.finish();
            assertThat(statements).allSatisfy(statement -> assertThat(statement).succeedsWithin(Race.TIMEOUT));
            assertThat(db.countRows("Receipt")).isEqualTo(2);
            assertThat(db.countRows("PurchaseOrder")).isZero();
        } finally {
            slow.finish();
        }
    }
}

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.broken.Scenario12_PoolStarvation.HeldSlowWork;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.GatedExecutor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each test opens its own database: these need a pool of two and a 500 ms connection timeout. */
@DisplayName("Scenario 12, broken: background tasks hold their Session's connection through slow work")
class Scenario12_PoolStarvationTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final Duration LIMIT = Race.TIMEOUT;
    private static final String POOL_TIMEOUT = "Unable to acquire JDBC Connection \\[pool-\\d+ - Connection is not available, "
            + "request timed out after \\d+ms \\(total=2, active=2, idle=0, waiting=\\d+\\)\\] \\[n/a\\]";

    private static Database smallPool() {
        return PausePoints.openDatabase(Scenario12_PoolStarvation.smallPool(Database.Settings.h2InMemory("scenario12")));
    }

    @RaceTest
    @DisplayName("both workers are rendering inside their transactions: both connections are held idle, and a request times out with JDBCConnectionException")
    void requestsWhileBackgroundWorkIsSlow() throws InterruptedException {
        HeldSlowWork slow = new HeldSlowWork(LIMIT);
        try (Database db = smallPool(); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2))) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, slow);

            CompletableFuture<Void> aliceStatement = shop.submitStatement(alice);
            CompletableFuture<Void> bobStatement = shop.submitStatement(bob);
            slow.awaitBusy(2);
            assertThat(db.activeConnections()).isEqualTo(2); // both held by Sessions that are only waiting

            Throwable request = race.start(REQUEST, () -> shop.placeOrder(alice, 1_000)).failure();
            assertThat(request)
                    .isInstanceOf(JDBCConnectionException.class)
                    .hasMessageMatching(POOL_TIMEOUT)
                    .hasCauseInstanceOf(SQLTransientConnectionException.class);

            slow.finish();
            assertThat(aliceStatement).succeedsWithin(LIMIT);
            assertThat(bobStatement).succeedsWithin(LIMIT);
            assertThat(db.countRows("Receipt")).isEqualTo(2);
            assertThat(db.countRows("PurchaseOrder")).isZero(); // the order was never placed
        } finally {
            slow.finish();
        }
    }

    @RaceTest
    @DisplayName("no slow work, but as many workers as connections: both workers inside their INSERT take the whole pool, and a request times out")
    void backgroundWorkersFillThePool() throws InterruptedException {
        try (Database db = smallPool(); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2))) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            Pause firstWorker = PausePoints.of(db).beforeStatement(WORKER, "insert into Receipt");
            Pause secondWorker = PausePoints.of(db).beforeStatement(WORKER + "-2", "insert into Receipt");
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, name -> "statement for " + name);

            CompletableFuture<Void> aliceStatement = shop.submitStatement(alice);
            CompletableFuture<Void> bobStatement = shop.submitStatement(bob);
            firstWorker.awaitReached();
            secondWorker.awaitReached(); // each is in its short unit of work, each holds a connection
            assertThat(db.activeConnections()).isEqualTo(2);

            Throwable request = race.start(REQUEST, () -> shop.placeOrder(alice, 1_000)).failure();
            assertThat(request).isInstanceOf(JDBCConnectionException.class).hasMessageMatching(POOL_TIMEOUT);

            firstWorker.release();
            secondWorker.release();
            assertThat(aliceStatement).succeedsWithin(LIMIT);
            assertThat(bobStatement).succeedsWithin(LIMIT);
            assertThat(db.countRows("PurchaseOrder")).isZero();
        }
    }

    @RaceTest
    @DisplayName("eight requests, started together, while both workers render inside their transactions: all eight time out, not one order is placed")
    void eightRequestsWhileBackgroundWorkIsSlow() throws InterruptedException {
        HeldSlowWork slow = new HeldSlowWork(LIMIT);
        try (Database db = smallPool(); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2))) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, slow);

            List<CompletableFuture<Void>> statements = List.of(shop.submitStatement(alice), shop.submitStatement(bob));
            slow.awaitBusy(2);

            CyclicBarrier together = new CyclicBarrier(8);
            List<Actor<Long>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                requests.add(race.start(REQUEST + "-" + r, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    return shop.placeOrder(alice, 1_000);
                }));
            }
            assertThat(requests).allSatisfy(request -> assertThat(request.failure())
                    .isInstanceOf(JDBCConnectionException.class).hasMessageMatching(POOL_TIMEOUT));

            slow.finish();
            assertThat(statements).allSatisfy(statement -> assertThat(statement).succeedsWithin(LIMIT));
            assertThat(db.countRows("PurchaseOrder")).isZero();
        } finally {
            slow.finish();
        }
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many requests time out is the scheduler's choice, not asserted)")
    void uncoordinatedStatementsAndRequestsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario12-natural"),
                Scenario12_PoolStarvation::runNaturally);

        System.out.println("natural runs of the broken statements: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: every background thread is rendering inside its work when a request places an order: 'a request timed out waiting for a pooled connection (JDBCConnectionException)'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario12_PoolStarvation.runForced(db).label())
                .isEqualTo("a request timed out waiting for a pooled connection (JDBCConnectionException)");
    }
}

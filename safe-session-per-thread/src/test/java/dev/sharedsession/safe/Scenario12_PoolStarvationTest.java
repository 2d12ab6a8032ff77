package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.GatedExecutor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import dev.sharedsession.safe.Scenario12_PoolStarvation.HeldSlowWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each test opens its own database: these need a pool of two and a short connection timeout. */
@DisplayName("Scenario 12, safe: acquire late, release early, and fewer background threads than connections")
class Scenario12_PoolStarvationTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final Duration LIMIT = Race.TIMEOUT;

    private static Database smallPool() {
        return PausePoints.openDatabase(Scenario12_PoolStarvation.smallPool(Database.Settings.h2InMemory("scenario12")));
    }

    @RaceTest
    @DisplayName("the worker is rendering with no Session open: no connection is held, the request places its order at once, both statements are written afterwards")
    void requestsWhileBackgroundWorkIsSlow() throws InterruptedException {
        HeldSlowWork slow = new HeldSlowWork(LIMIT);
        try (Database db = smallPool(); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2))) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, slow);

            CompletableFuture<Void> aliceStatement = shop.submitStatement(alice);
            CompletableFuture<Void> bobStatement = shop.submitStatement(bob);
            slow.awaitBusy(1);                              // one worker: Bob's statement waits its turn
            assertThat(db.activeConnections()).isZero();    // rendering holds no connection

            long order = race.start(REQUEST, () -> shop.placeOrder(alice, 1_000)).join();
            assertThat(order).isPositive();

            slow.finish();
            assertThat(aliceStatement).succeedsWithin(LIMIT);
            assertThat(bobStatement).succeedsWithin(LIMIT);
            assertThat(db.queryForStrings("select message from Receipt order by customer_id"))
                    .containsExactly("statement for Alice", "statement for Bob");
            assertThat(db.countRows("PurchaseOrder")).isEqualTo(1);
            assertThat(db.activeConnections()).isZero();
        } finally {
            slow.finish();
        }
    }

    @RaceTest
    @DisplayName("no slow work, one worker fewer than connections: the worker inside its INSERT holds one connection, the request gets the other")
    void backgroundWorkersFillThePool() throws InterruptedException {
        try (Database db = smallPool(); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2))) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            Pause worker = PausePoints.of(db).beforeStatement(WORKER, "insert into Receipt");
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, name -> "statement for " + name);

            CompletableFuture<Void> aliceStatement = shop.submitStatement(alice);
            CompletableFuture<Void> bobStatement = shop.submitStatement(bob);
            worker.awaitReached(); // the only worker is in its short unit of work, holding a connection
            assertThat(db.activeConnections()).isEqualTo(1);

            long order = race.start(REQUEST, () -> shop.placeOrder(alice, 1_000)).join();
            assertThat(order).isPositive();

            worker.release();
            assertThat(aliceStatement).succeedsWithin(LIMIT);
            assertThat(bobStatement).succeedsWithin(LIMIT);
            assertThat(db.countRows("Receipt")).isEqualTo(2);
            assertThat(db.countRows("PurchaseOrder")).isEqualTo(1);
            assertThat(db.activeConnections()).isZero();
        }
    }

    @RaceTest
    @DisplayName("eight requests, started together, five orders each, while the worker renders: all forty orders are placed, then both statements, no connection leaks")
    void eightRequestsWhileBackgroundWorkIsSlow() throws InterruptedException {
        HeldSlowWork slow = new HeldSlowWork(LIMIT);
        // Eight requests queue for two connections here; on a busy machine 500 ms may not be
        // enough for the last in line, so this test waits longer. Starvation is not the question:
        // the background holds no connection while it renders.
        Database.Settings settings = Scenario12_PoolStarvation.smallPool(Database.Settings.h2InMemory("scenario12"))
                .withConnectionTimeout(Duration.ofSeconds(5));
        try (Database db = PausePoints.openDatabase(settings); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, Scenario12_PoolStarvation.backgroundThreadsFor(2))) {
            long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, slow);

            List<CompletableFuture<Void>> statements = List.of(shop.submitStatement(alice), shop.submitStatement(bob));
            slow.awaitBusy(1);

            CyclicBarrier together = new CyclicBarrier(8);
            List<Actor<Void>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                long cents = r * 100L;
                requests.add(race.run(REQUEST + "-" + r, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    for (int i = 0; i < 5; i++) {
                        shop.placeOrder(alice, cents);
                    }
                }));
            }
            requests.forEach(Actor::join);
            assertThat(db.countRows("PurchaseOrder")).isEqualTo(40);
            assertThat(db.queryForLong("select sum(amount_cents) from PurchaseOrder")).isEqualTo(5 * 3_600);

            slow.finish();
            assertThat(statements).allSatisfy(statement -> assertThat(statement).succeedsWithin(LIMIT));
            assertThat(db.queryForStrings("select message from Receipt order by customer_id"))
                    .containsExactly("statement for Alice", "statement for Bob");
            assertThat(db.activeConnections()).isZero();
        } finally {
            slow.finish();
        }
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedStatementsAndRequestsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario12-natural"),
                Scenario12_PoolStarvation::runNaturally);

        System.out.println("natural runs of the safe statements: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok: every request and statement succeeded, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: every background thread is rendering inside its work when a request places an order: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario12_PoolStarvation.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} request(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 request(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario12-threads")) {
            assertThat(Scenario12_PoolStarvation.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario12_PoolStarvation.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Account;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.GatedExecutor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads.Attach;
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

@DisplayName("Scenario 5, safe: the request hands over ids, the task loads in its own Session")
class Scenario05_EntitiesHandedAcrossThreadsTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final Duration LIMIT = Race.TIMEOUT;

    private static long account(Database db, String owner, long cents) {
        return db.sessionFactory().fromTransaction(session -> {
            Account account = new Account(owner, cents);
            session.persist(account);
            return account.getId();
        });
    }

    @RaceTest
    @DisplayName("the task counts the orders while the request's Session is still open: in its own Session, 3 orders, no connection leaks")
    void taskLoadsOrdersWhileTheRequestStillHasItsSession(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause requestRendering = PausePoints.of(db).beforeStatement(REQUEST, "from Region");
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.running(WORKER, 1)) {
            var shop = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

            Actor<CompletableFuture<String>> request = race.start(REQUEST, () -> shop.orderReport(alice));
            requestRendering.awaitReached();   // the id is handed over, the request's Session open
            background.awaitFinished(1);       // the task is done before the request goes on
            requestRendering.release();

            assertThat(request.join()).succeedsWithin(LIMIT).isEqualTo("Alice: 3 orders");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the request closes its Session while the task is loading the orders: the task's own Session is untouched, 3 orders")
    void requestClosesItsSessionWhileTheTaskLoadsOrders(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause requestRendering = PausePoints.of(db).beforeStatement(REQUEST, "from Region");
        Pause workerLoadingOrders = PausePoints.of(db).beforeStatement(WORKER, "PurchaseOrder");
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.running(WORKER, 1)) {
            var shop = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

            Actor<CompletableFuture<String>> request = race.start(REQUEST, () -> shop.orderReport(alice));
            requestRendering.awaitReached();
            workerLoadingOrders.awaitReached(); // the task is loading the customer with its orders
            requestRendering.release();
            CompletableFuture<String> report = request.join(); // the request rendered and closed its Session
            workerLoadingOrders.release();

            assertThat(report).succeedsWithin(LIMIT).isEqualTo("Alice: 3 orders");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task is handed the customer's id and loads the customer itself: it greets her by name")
    void taskReadsAHandedProxy(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            var shop = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

            CompletableFuture<String> greeting = race.start(REQUEST, () -> shop.greeting(alice)).join();
            background.open();

            assertThat(greeting).succeedsWithin(LIMIT).isEqualTo("Dear Alice (#" + alice + ")");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task wants the account locked: its own Session loads it with PESSIMISTIC_WRITE and the bonus is committed")
    void taskAttachesTheAccountWithLock(Database db) {
        long alice = account(db, "Alice", 1_000);
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

            CompletableFuture<Long> bonus = race.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.LOCK)).join();
            background.open();

            assertThat(bonus).succeedsWithin(LIMIT).isEqualTo(1_500L);
        }
        assertThat(db.queryForLong("select balance_cents from Account where id = " + alice)).isEqualTo(1_500);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task wants the account managed: it takes the instance its own Session returns, and the bonus is committed")
    void taskAttachesTheAccountWithPersist(Database db) {
        long alice = account(db, "Alice", 1_000);
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

            CompletableFuture<Long> bonus = race.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.PERSIST)).join();
            background.open();

            assertThat(bonus).succeedsWithin(LIMIT).isEqualTo(1_500L);
        }
        assertThat(db.queryForLong("select balance_cents from Account where id = " + alice)).isEqualTo(1_500);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task loads the account and credits that very instance: it reports 1500 cents and the database says 1500")
    void taskLoadsTheAccountAgainAndCreditsTheHandedCopy(Database db) {
        long alice = account(db, "Alice", 1_000);
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

            CompletableFuture<Long> bonus = race.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.FIND_AGAIN)).join();
            background.open();

            assertThat(bonus).succeedsWithin(LIMIT).isEqualTo(1_500L);
        }
        assertThat(db.queryForLong("select balance_cents from Account where id = " + alice)).isEqualTo(1_500);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight concurrent requests each hand a 100-cent bonus to four background threads, nothing forced: the row lock queues them, exactly 1800 cents")
    void eightBonusesForOneAccount(Database db) {
        long alice = account(db, "Alice", 1_000);
        CyclicBarrier together = new CyclicBarrier(8); // all eight requests start at once
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.running(WORKER, 4)) {
            var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

            List<Actor<CompletableFuture<Long>>> requests = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                requests.add(race.start(REQUEST + "-" + i, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    // LOCK: concurrent read-modify-write of one row needs the row lock (or a @Version).
                    return bank.creditBonus(alice, 100, Attach.LOCK);
                }));
            }
            List<Long> balances = requests.stream().map(Actor::join)
                    .map(bonus -> assertThat(bonus).succeedsWithin(LIMIT).actual())
                    .sorted().toList();

            // One after the other behind the lock: each task saw the previous one's bonus.
            assertThat(balances).containsExactly(1_100L, 1_200L, 1_300L, 1_400L, 1_500L, 1_600L, 1_700L, 1_800L);
        }
        assertThat(db.queryForLong("select balance_cents from Account where id = " + alice)).isEqualTo(1_800);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedReportsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario05-natural"),
                Scenario05_EntitiesHandedAcrossThreads::runNaturally);

        System.out.println("natural runs of the safe handover: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok includes: the report right, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: the request closes its Session while the task loads the handed customer's orders: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario05_EntitiesHandedAcrossThreads.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} request(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 request(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario05-threads")) {
            assertThat(Scenario05_EntitiesHandedAcrossThreads.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario05_EntitiesHandedAcrossThreads.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
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
import dev.sharedsession.runs.Runs05_EntitiesHandedAcrossThreads;
import dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads.Attach;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 5, safe: the request hands over ids, the task loads in its own Session")
class Scenario05_EntitiesHandedAcrossThreadsTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final String RENDERING_THE_REGION = "from Region";

    private static long account(Database db, String owner, long cents) {
        return db.sessionFactory().fromTransaction(session -> {
            Account account = new Account(owner, cents);
            session.persist(account);
            return account.getId();
        });
    }

    @RaceTest
    @DisplayName("the task counts the orders while the request's Session is still open: in its own Session, 3 orders, no connection leaks")
    void taskLoadsOrdersWhileTheRequestStillHasItsSession(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause requestRendering = stage.beforeStatement(REQUEST, RENDERING_THE_REGION);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        Actor<CompletableFuture<String>> request = stage.start(REQUEST, () -> shop.orderReport(alice));
        requestRendering.awaitReached();   // the id is handed over, the request's Session open
        background.open();                 // only now does the task start: nothing of the two overlaps
        background.awaitFinished(1);       // the task is done before the request goes on
        requestRendering.release();

        assertThat(request.join()).succeedsWithin(Race.TIMEOUT).isEqualTo("Alice: 3 orders");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the request closes its Session while the task is loading the orders: the task's own Session is untouched, 3 orders")
    void requestClosesItsSessionWhileTheTaskLoadsOrders(Stage stage) throws Exception {
        Outcome outcome = Bindings.SCENARIO_05.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok()); // ok: the report said "Alice: 3 orders"
        assertThat(stage.db().countRows("Customer")).isEqualTo(1);
        assertThat(stage.db().countRows("PurchaseOrder")).isEqualTo(3);
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task is handed the customer's id and loads the customer itself: it greets her by name")
    void taskReadsAHandedProxy(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<String> greeting = stage.start(REQUEST, () -> shop.greeting(alice)).join();
        background.open();

        assertThat(greeting).succeedsWithin(Race.TIMEOUT).isEqualTo("Dear Alice (#" + alice + ")");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task wants the account locked: its own Session loads it with PESSIMISTIC_WRITE and the bonus is committed")
    void taskAttachesTheAccountWithLock(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        GatedExecutor background = stage.held(WORKER, 1);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<Long> bonus = stage.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.LOCK)).join();
        background.open();

        assertThat(bonus).succeedsWithin(Race.TIMEOUT).isEqualTo(1_500L);
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_500);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task wants the account managed: it takes the instance its own Session returns, and the bonus is committed")
    void taskAttachesTheAccountWithPersist(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        GatedExecutor background = stage.held(WORKER, 1);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<Long> bonus = stage.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.PERSIST)).join();
        background.open();

        assertThat(bonus).succeedsWithin(Race.TIMEOUT).isEqualTo(1_500L);
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_500);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the task loads the account and credits that very instance: it reports 1500 cents and the database says 1500")
    void taskLoadsTheAccountAgainAndCreditsTheHandedCopy(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        GatedExecutor background = stage.held(WORKER, 1);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<Long> bonus = stage.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.FIND_AGAIN)).join();
        background.open();

        assertThat(bonus).succeedsWithin(Race.TIMEOUT).isEqualTo(1_500L);
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_500);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight concurrent requests each hand a 100-cent bonus to four background threads, nothing forced: the row lock queues them, exactly 1800 cents")
    void eightBonusesForOneAccount(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        CyclicBarrier together = new CyclicBarrier(8); // all eight requests start at once
        GatedExecutor background = stage.running(WORKER, 4);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        List<Actor<CompletableFuture<Long>>> requests = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            requests.add(stage.start(REQUEST + "-" + i, () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                // LOCK: concurrent read-modify-write of one row needs the row lock (or a @Version).
                return bank.creditBonus(alice, 100, Attach.LOCK);
            }));
        }
        List<Long> balances = requests.stream().map(Actor::join)
                .map(bonus -> assertThat(bonus).succeedsWithin(Race.TIMEOUT).actual())
                .sorted().toList();

        // One after the other behind the lock: each task saw the previous one's bonus.
        assertThat(balances).containsExactly(1_100L, 1_200L, 1_300L, 1_400L, 1_500L, 1_600L, 1_700L, 1_800L);
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_800);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("one request hands its report off while it renders, nothing forced, 20 times: every report says 3 orders, no connection leaks")
    void oneReportHandedOffWhileTheRequestRenders() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario05-natural"),
                Bindings.SCENARIO_05.naturalRun(Runs05_EntitiesHandedAcrossThreads.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight requests hand their reports off at once, nothing forced: eight reports of 3 orders each")
    void eightReportsHandedOffAtOnce(Stage stage) throws Exception {
        assertThat(Bindings.SCENARIO_05.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().countRows("Customer")).isEqualTo(8);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

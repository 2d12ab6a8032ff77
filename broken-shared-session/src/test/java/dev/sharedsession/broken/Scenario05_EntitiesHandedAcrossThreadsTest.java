package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads.Attach;
import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.RaceTest;
import jakarta.persistence.EntityExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.hibernate.DetachedObjectException;
import org.hibernate.LazyInitializationException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 5, broken: the request hands its entities to a background task")
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
    @DisplayName("the task counts the orders while the request's Session is still open: it works, through the request's Session, which is why it ships")
    void taskLoadsOrdersWhileTheRequestStillHasItsSession(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause requestRendering = stage.beforeStatement(REQUEST, RENDERING_THE_REGION);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        Actor<CompletableFuture<String>> request = stage.start(REQUEST, () -> shop.orderReport(alice));
        requestRendering.awaitReached();   // the customer is handed over, the request's Session open
        background.open();                 // only now does the task start: nothing of the two overlaps
        background.awaitFinished(1);       // the task loads the orders through that Session, and is done
        requestRendering.release();

        assertThat(request.join()).succeedsWithin(Race.TIMEOUT).isEqualTo("Alice: 3 orders");
    }

    @RaceTest
    @DisplayName("the request closes its Session while the task is loading the orders through it: NullPointerException inside the collection")
    void requestClosesItsSessionWhileTheTaskLoadsOrders(Stage stage) throws Exception {
        Outcome outcome = Bindings.SCENARIO_05.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.failure()).isInstanceOf(NullPointerException.class)
                .hasMessage("Cannot invoke \"org.hibernate.engine.spi.SharedSessionContractImplementor.isTransactionInProgress()\""
                        + " because \"this.session\" is null");
        assertThat(stage.db().countRows("Customer")).isEqualTo(1);
        assertThat(stage.db().countRows("PurchaseOrder")).isEqualTo(3);
    }

    @RaceTest
    @DisplayName("the task is handed a getReference() proxy: its id is there, its name is not: LazyInitializationException")
    void taskReadsAHandedProxy(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        GatedExecutor background = stage.held(WORKER, 1);
        var shop = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<String> greeting = stage.start(REQUEST, () -> shop.greeting(alice)).join();
        background.open();

        assertThat(greeting).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(LazyInitializationException.class)
                .withMessage("Could not initialize proxy [dev.sharedsession.model.Customer#" + alice + "] - no session");
    }

    @RaceTest
    @DisplayName("the task re-attaches the handed account with lock(NONE): Hibernate 7 refuses, DetachedObjectException, no bonus")
    void taskAttachesTheAccountWithLock(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        GatedExecutor background = stage.held(WORKER, 1);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<Long> bonus = stage.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.LOCK)).join();
        background.open();

        assertThat(bonus).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalArgumentException.class)
                .withMessage("org.hibernate.DetachedObjectException: Given entity is not associated with the persistence context")
                .withCauseInstanceOf(DetachedObjectException.class);
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_000);
    }

    @RaceTest
    @DisplayName("the task makes the handed account managed with persist(): EntityExistsException 'Detached entity passed to persist', no bonus")
    void taskAttachesTheAccountWithPersist(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        GatedExecutor background = stage.held(WORKER, 1);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<Long> bonus = stage.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.PERSIST)).join();
        background.open();

        assertThat(bonus).failsWithin(Race.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(EntityExistsException.class)
                .withMessage("Detached entity passed to persist: dev.sharedsession.model.Account");
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_000);
    }

    @RaceTest
    @DisplayName("the task loads the account again and credits the handed copy: it reports 1500 cents, commits, and the database still says 1000")
    void taskLoadsTheAccountAgainAndCreditsTheHandedCopy(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        GatedExecutor background = stage.held(WORKER, 1);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        CompletableFuture<Long> bonus = stage.start(REQUEST, () -> bank.creditBonus(alice, 500, Attach.FIND_AGAIN)).join();
        background.open();

        assertThat(bonus).succeedsWithin(Race.TIMEOUT).isEqualTo(1_500L); // what the task believes
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_000); // the bonus is lost
    }

    @RaceTest
    @DisplayName("eight requests hand the same account to eight bonus tasks: every task reports success, not one bonus reaches the database")
    void eightBonusesForOneAccount(Stage stage) {
        Database db = stage.db();
        long alice = account(db, "Alice", 1_000);
        GatedExecutor background = stage.held(WORKER, 4);
        var bank = new Scenario05_EntitiesHandedAcrossThreads(db.sessionFactory(), background);

        List<Actor<CompletableFuture<Long>>> requests = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            requests.add(stage.start(REQUEST + "-" + i, () -> bank.creditBonus(alice, 100, Attach.FIND_AGAIN)));
        }
        List<CompletableFuture<Long>> bonuses = requests.stream().map(Actor::join).toList();
        background.open();

        // Each task credited its own handed copy of the 1000 cents the request had read.
        assertThat(bonuses).allSatisfy(bonus -> assertThat(bonus).succeedsWithin(Race.TIMEOUT).isEqualTo(1_100L));
        assertThat(db.queryForLong("select balance_cents from Account where id = ?", alice)).isEqualTo(1_000);
    }
}

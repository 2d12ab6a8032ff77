package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs11_SessionThatLivesForever;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 11, safe: a Session per request, flush and clear per batch")
class Scenario11_SessionThatLivesForeverTest {

    private static final String IMPORTER = "importer";
    private static final String ORDERS_OF_CUSTOMER = "select count(*) from PurchaseOrder where customer_id = ?";

    /** Ten batch flushes of 100 orders each, then the commit's flush of an empty persistence context. */
    private static final List<Integer> FLUSHES_OF_THE_IMPORT = List.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0);

    @RaceTest
    @DisplayName("fifty requests, one after another: every commit dirty-checks its own 2 entities: ok, 50 orders, no connection leaks")
    void fiftyRequestsOneAfterAnother(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_11.forced(stage); // the headline run, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(stage.db().countRows("PurchaseOrder")).isEqualTo(50);
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("an import of 1000 orders, flushed and cleared every 100: every flush processes one batch of 100, nothing piles up")
    void theNightlyImport(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        // nothing to close: each unit of work closes its own Session
        var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory());
        stage.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();

        assertThat(intake.entitiesPerFlush()).isEqualTo(FLUSHES_OF_THE_IMPORT);
        assertThat(intake.managedAtCommit()).containsExactly(0);
        assertThat(intake.managedEntities()).isZero();
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_000);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("after the import, one more request's commit dirty-checks its own 2 entities")
    void aRequestAfterTheImport(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        // nothing to close: each unit of work closes its own Session
        var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory());
        stage.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();
        stage.run("request-1", () -> intake.placeOrder(alice, 100)).join();

        assertThat(intake.entitiesPerFlush()).last().isEqualTo(2);
        assertThat(intake.managedEntities()).isZero();
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_001);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight request threads place 25 orders each, all at once, nothing forced: 200 orders, every unit of work held 2 entities, no connection leaks")
    void eightRequestThreads(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        CyclicBarrier together = new CyclicBarrier(8); // all eight start at once
        // nothing to close: each unit of work closes its own Session
        var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory());
        List<Actor<Void>> requests = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            long cents = 100L * i; // each thread its own amount, so the sum below proves every order landed
            requests.add(stage.run("request-" + i, () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (int order = 0; order < 25; order++) {
                    intake.placeOrder(alice, cents);
                }
            }));
        }
        requests.forEach(Actor::join);

        assertThat(intake.managedAtCommit()).isEqualTo(Collections.nCopies(200, 2));
        assertThat(intake.entitiesPerFlush()).isEqualTo(Collections.nCopies(200, 2)); // 400 entity checks for 200 orders
        assertThat(intake.managedEntities()).isZero();
        assertThat(db.queryForLong(ORDERS_OF_CUSTOMER, alice)).isEqualTo(200);
        assertThat(db.queryForLong("select sum(amount_cents) from PurchaseOrder")).isEqualTo(25L * 100 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8));
        assertThat(db.queryForStrings("select concat(amount_cents, ':', count(*)) from PurchaseOrder group by amount_cents order by amount_cents"))
                .containsExactly("100:25", "200:25", "300:25", "400:25", "500:25", "600:25", "700:25", "800:25");
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (its orders written, 2 entities per unit of work, no connection leaked)")
    void uncoordinatedRequestsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario11-natural"),
                Bindings.SCENARIO_11.naturalRun(Runs11_SessionThatLivesForever.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight request threads at once, nothing forced: ten orders each, 80 in all, no connection leaks")
    void naturalRunOfEightRequestThreads(Stage stage) {
        assertThat(Bindings.SCENARIO_11.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().countRows("PurchaseOrder")).isEqualTo(80);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

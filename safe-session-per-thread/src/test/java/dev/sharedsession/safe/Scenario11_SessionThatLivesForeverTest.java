package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Scenario 11, safe: a Session per request, flush and clear per batch")
class Scenario11_SessionThatLivesForeverTest {

    private static final String IMPORTER = "importer";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("fifty requests, one after another: every commit dirty-checks the same 2 entities, and nothing is held between requests")
    void everyRequestLeavesItsEntitiesBehind(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            for (int i = 1; i <= 50; i++) {
                race.run("request-" + i, () -> intake.placeOrder(alice, 100)).join();
            }

            assertThat(intake.managedAtCommit()).isEqualTo(Collections.nCopies(50, 2));
            assertThat(intake.entitiesPerFlush()).isEqualTo(Collections.nCopies(50, 2)); // 100 entity checks for 50 orders
            assertThat(intake.managedEntities()).isZero();
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(50);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("an import of 1000 orders, flushed and cleared every 100: every flush processes one batch of 100, nothing piles up")
    void theNightlyImport(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            race.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();

            assertThat(intake.entitiesPerFlush()).isEqualTo(FLUSHES_OF_THE_IMPORT);
            assertThat(intake.managedAtCommit()).containsExactly(0);
            assertThat(intake.managedEntities()).isZero();
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_000);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("after the import, one more request's commit dirty-checks its own 2 entities")
    void aRequestAfterTheImport(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            race.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();
            race.run("request-1", () -> intake.placeOrder(alice, 100)).join();

            assertThat(intake.entitiesPerFlush()).last().isEqualTo(2);
            assertThat(intake.managedEntities()).isZero();
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_001);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight request threads place 25 orders each, all at once, nothing forced: 200 orders, every unit of work held 2 entities, no connection leaks")
    void eightRequestThreads(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        CyclicBarrier together = new CyclicBarrier(8); // all eight start at once
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            List<Actor<Object>> requests = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                long cents = 100L * i; // each thread its own amount, so the sum below proves every order landed
                requests.add(race.run("request-" + i, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    for (int order = 0; order < 25; order++) {
                        intake.placeOrder(alice, cents);
                    }
                }));
            }
            requests.forEach(Actor::join);

            assertThat(intake.managedAtCommit()).isEqualTo(Collections.nCopies(200, 2));
            assertThat(intake.managedEntities()).isZero();
        }
        assertThat(db.queryForLong("select count(*) from PurchaseOrder where customer_id = " + alice)).isEqualTo(200);
        assertThat(db.queryForLong("select sum(amount_cents) from PurchaseOrder")).isEqualTo(25L * 100 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8));
        assertThat(db.queryForStrings("select amount_cents || ':' || count(*) from PurchaseOrder group by amount_cents order by amount_cents"))
                .containsExactly("100:25", "200:25", "300:25", "400:25", "500:25", "600:25", "700:25", "800:25");
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedRequestsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario11-natural"),
                Scenario11_SessionThatLivesForever::runNaturally);

        System.out.println("natural runs of the safe units of work: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok includes: 40 orders, 2 entities per unit of work, no leak
    }

    /** Ten batch flushes of 100 orders each, then the commit's flush of an empty persistence context. */
    private static final List<Integer> FLUSHES_OF_THE_IMPORT = List.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0);

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: fifty requests, one after another, through the one Session: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario11_SessionThatLivesForever.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(50);
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} request thread(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 request thread(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario11-threads")) {
            assertThat(Scenario11_SessionThatLivesForever.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario11_SessionThatLivesForever.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 11, broken: one Session for the application's lifetime")
class Scenario11_SessionThatLivesForeverTest {

    private static final String IMPORTER = "importer";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("fifty requests, one after another: the Session holds 51 entities afterwards, and the n-th commit dirty-checks n + 1 of them")
    void everyRequestLeavesItsEntitiesBehind(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            for (int i = 1; i <= 50; i++) {
                race.run("request-" + i, () -> intake.placeOrder(alice, 100)).join(); // taking turns: nothing concurrent
            }

            List<Integer> twoToFiftyOne = IntStream.rangeClosed(2, 51).boxed().toList();
            assertThat(intake.managedAtCommit()).isEqualTo(twoToFiftyOne);
            assertThat(intake.entitiesPerFlush()).isEqualTo(twoToFiftyOne);   // 1325 entity checks for 50 orders
            assertThat(intake.managedEntities()).isEqualTo(51);             // the customer and every order ever placed
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(50);
    }

    @RaceTest
    @DisplayName("an import of 1000 orders, flushed every 100 without clear(): each flush processes 100 more entities than the last, 1001 stay in memory")
    void theNightlyImport(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            race.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();

            // Ten batch flushes, then the commit's flush: 101, 201, ..., 1001, 1001.
            assertThat(intake.entitiesPerFlush()).containsExactly(101, 201, 301, 401, 501, 601, 701, 801, 901, 1001, 1001);
            assertThat(intake.entitiesPerFlush().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6_511); // 5510 + 1001
            assertThat(intake.managedEntities()).isEqualTo(1_001);
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_000);
    }

    @RaceTest
    @DisplayName("after the import, one more request's commit dirty-checks 1002 entities to write one order")
    void aRequestAfterTheImport(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            race.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();
            race.run("request-1", () -> intake.placeOrder(alice, 100)).join();

            assertThat(intake.entitiesPerFlush()).last().isEqualTo(1_002);
            assertThat(intake.managedEntities()).isEqualTo(1_002);
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_001);
    }

    @RaceTest
    @DisplayName("eight request threads place 25 orders each, taking turns: the Session ends up holding all 201 entities")
    void eightRequestThreads(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Race race = Race.bounded(); var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            for (int i = 1; i <= 8; i++) {
                race.run("request-" + i, () -> {
                    for (int order = 0; order < 25; order++) {
                        intake.placeOrder(alice, 100);
                    }
                }).join();
            }

            assertThat(intake.managedAtCommit()).isEqualTo(IntStream.rangeClosed(2, 201).boxed().toList());
            assertThat(intake.managedEntities()).isEqualTo(201);
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(200);
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many fail is the scheduler's choice, not asserted)")
    void uncoordinatedRequestsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario11-natural"),
                Scenario11_SessionThatLivesForever::runNaturally);

        System.out.println("natural runs of the broken everlasting Session: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: fifty requests, one after another, through the one Session: 'the 50th commit dirty-checked 51 entities to write one order'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario11_SessionThatLivesForever.runForced(db).label())
                .isEqualTo("the 50th commit dirty-checked 51 entities to write one order");
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(50);
    }
}

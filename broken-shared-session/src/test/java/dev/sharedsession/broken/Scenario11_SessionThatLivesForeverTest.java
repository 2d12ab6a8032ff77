package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 11, broken: one Session for the application's lifetime")
class Scenario11_SessionThatLivesForeverTest {

    private static final String IMPORTER = "importer";
    private static final String ORDERS_OF_CUSTOMER = "select count(*) from PurchaseOrder where customer_id = ?";

    @RaceTest
    @DisplayName("fifty requests, one after another: the 50th commit dirty-checks 51 entities to write one order")
    void fiftyRequestsOneAfterAnother(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_11.forced(stage); // the headline run, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo("the 50th commit dirty-checked 51 entities to write one order");
        assertThat(outcome.failure()).isNull(); // nothing throws: the cost only grows
        assertThat(stage.db().countRows("PurchaseOrder")).isEqualTo(50);
    }

    @RaceTest
    @DisplayName("an import of 1000 orders, flushed every 100 without clear(): each flush processes 100 more entities than the last, 1001 stay in memory")
    void theNightlyImport(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            stage.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();

            // Ten batch flushes, then the commit's flush: 101, 201, ..., 1001, 1001.
            assertThat(intake.entitiesPerFlush()).containsExactly(101, 201, 301, 401, 501, 601, 701, 801, 901, 1001, 1001);
            assertThat(intake.entitiesPerFlush().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6_511); // 5510 + 1001
            assertThat(intake.managedEntities()).isEqualTo(1_001);
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_000);
    }

    @RaceTest
    @DisplayName("after the import, one more request's commit dirty-checks 1002 entities to write one order")
    void aRequestAfterTheImport(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            stage.run(IMPORTER, () -> intake.importOrders(alice, 1_000, 100)).join();
            stage.run("request-1", () -> intake.placeOrder(alice, 100)).join();

            assertThat(intake.entitiesPerFlush()).last().isEqualTo(1_002);
            assertThat(intake.managedEntities()).isEqualTo(1_002);
        }
        assertThat(db.countRows("PurchaseOrder")).isEqualTo(1_001);
    }

    @RaceTest
    @DisplayName("eight request threads place 25 orders each, taking turns: the n-th commit dirty-checks n + 1 entities, and the Session ends up holding all 201")
    void eightRequestThreads(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (var intake = new Scenario11_SessionThatLivesForever(db.sessionFactory())) {
            for (int i = 1; i <= 8; i++) {
                stage.run("request-" + i, () -> {
                    for (int order = 0; order < 25; order++) {
                        intake.placeOrder(alice, 100);
                    }
                }).join(); // taking turns: nothing concurrent
            }

            List<Integer> twoTo201 = IntStream.rangeClosed(2, 201).boxed().toList();
            assertThat(intake.managedAtCommit()).isEqualTo(twoTo201);
            assertThat(intake.entitiesPerFlush()).isEqualTo(twoTo201); // 20300 entity checks for 200 orders
            assertThat(intake.managedEntities()).isEqualTo(201);       // the customer and every order ever placed
        }
        assertThat(db.queryForLong(ORDERS_OF_CUSTOMER, alice)).isEqualTo(200);
    }
}

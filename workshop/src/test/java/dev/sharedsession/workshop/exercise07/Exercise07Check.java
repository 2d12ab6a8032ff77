package dev.sharedsession.workshop.exercise07;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Race;
import dev.sharedsession.safe.Scenario07_StaleFirstLevelCache;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exercise 7's check: run it with {@code ./exercise check 7}. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Exercise 7: a catalogue Session that never forgets")
class Exercise07Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(7);

    private static final String STOREFRONT = "storefront";
    private static final String WAREHOUSE = "warehouse";
    /** The starting point's catalogue Session, opened on the check's thread, refused to the storefront's. */
    private static final String STOREFRONT_REFUSED = "'storefront' failed: dev.sharedsession.guard.SessionSharedAcrossThreadsException: "
            + "Session used by thread 'storefront' in Query.getSingleResult, but it belongs to thread 'main' (session guard: CONFINED)";

    private static Storefront storefront(Subject subject, SessionFactory sessionFactory) {
        return subject.<Storefront>pick(() -> new ProductPages(sessionFactory),
                // the solution has nothing to close: each unit of work committed and closed its own Session
                () -> Subject.delegating(Storefront.class, new Scenario07_StaleFirstLevelCache(sessionFactory), "close"), sessionFactory);
    }

    /** The warehouse ships {@code units} in a unit of work of its own, on its own thread, and commits. */
    private static void ship(Race race, SessionFactory sessionFactory, long productId, int units) {
        race.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(sessionFactory, productId, units)).join();
    }

    @Test
    @Order(1)
    @OnTheStartingPoint(fails = STOREFRONT_REFUSED)
    @DisplayName("the storefront shows the lamp, the warehouse ships 3 of 10, the storefront shows it again: 7 in stock")
    void thePageShowsTheStockTheWarehouseCommitted(Database db, Subject subject) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); Storefront storefront = storefront(subject, db.sessionFactory())) {
            assertThat(race.start(STOREFRONT, () -> storefront.productPage(lamp)).join()).as("the product page in the morning")
                    .isEqualTo("Lamp: 1000 cents, 10 in stock");
            ship(race, db.sessionFactory(), lamp, 3);

            assertThat(race.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                    .as("the product page after the warehouse shipped 3 of 10 lamps").isEqualTo("Lamp: 1000 cents, 7 in stock");
        }
    }

    @Test
    @Order(2)
    @OnTheStartingPoint(fails = STOREFRONT_REFUSED)
    @DisplayName("the storefront shows the lamp, the warehouse ships 3, the merchandiser reprices it to 1200: the database says price 1200, stock 7")
    void theRepricingKeepsTheShipment(Database db, Subject subject) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); Storefront storefront = storefront(subject, db.sessionFactory())) {
            race.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
            ship(race, db.sessionFactory(), lamp, 3);

            assertThat(Ending.of(race.run(STOREFRONT, () -> storefront.reprice(lamp, 1_200)))).as("how the repricing ended")
                    .isEqualTo(Ending.COMPLETED);
        }
        assertThat("price " + db.queryForLong("select price_cents from Product where id = ?", lamp)
                + ", stock " + db.queryForLong("select stock from Product where id = ?", lamp))
                .as("the lamp's price and stock in the database after the shipment of 3 and the repricing").isEqualTo("price 1200, stock 7");
        assertThat(db.activeConnections()).as("pooled connections still checked out after the storefront shut down").isZero();
    }
}

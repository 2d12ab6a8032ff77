package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.RaceTest;
import jakarta.persistence.OptimisticLockException;
import java.util.List;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 7, broken: the storefront keeps one Session for the catalogue")
class Scenario07_StaleFirstLevelCacheTest {

    private static final String STOREFRONT = "storefront";
    private static final String WAREHOUSE = "warehouse";
    /** The storefront has read the versioned lamp and changed its price: next it writes it. */
    private static final String WRITING_THE_VERSIONED_PRODUCT = "update VersionedProduct";
    private static final String PRICE = "select price_cents from Product where id = ?";
    private static final String STOCK = "select stock from Product where id = ?";
    private static final String VERSIONED_PRICE = "select price_cents from VersionedProduct where id = ?";
    private static final String VERSIONED_STOCK = "select stock from VersionedProduct where id = ?";
    private static final String VERSION = "select row_version from VersionedProduct where id = ?";

    @RaceTest
    @DisplayName("the warehouse ships 3 of 10 lamps and commits, then the storefront shows the lamp again: still 10 in stock")
    void storefrontShowsTheLampAgainAfterTheShipment(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            assertThat(stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                    .isEqualTo("Lamp: 1000 cents, 10 in stock");
            stage.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

            assertThat(db.queryForLong(STOCK, lamp)).isEqualTo(7);
            assertThat(stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                    .isEqualTo("Lamp: 1000 cents, 10 in stock"); // answered from the persistence context
        }
    }

    @RaceTest
    @DisplayName("after the shipment the storefront asks a query for the stock: the query reads 7, yet the product a query returns still has 10")
    void storefrontQueriesTheStockAfterTheShipment(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
            stage.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

            assertThat(stage.start(STOREFRONT, () -> storefront.stockFromAQuery(lamp)).join()).isEqualTo(7);
            assertThat(stage.start(STOREFRONT, () -> storefront.stockOfTheQueriedProduct(lamp)).join()).isEqualTo(10);
        }
    }

    @RaceTest
    @DisplayName("the storefront showed the lamp, the warehouse ships 3, then the storefront reprices: its UPDATE writes the stale stock back, the shipment of 3 is lost")
    void storefrontRepricesAfterTheShipment(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_07.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo("the warehouse's shipment was overwritten: stock 10 instead of 7");
        assertThat(outcome.failure()).isNull(); // no exception, no log line: silent
        assertThat(stage.db().queryForLong("select count(*) from Product")).isEqualTo(1);
        assertThat(stage.db().queryForLong("select price_cents from Product")).isEqualTo(1_200);
        assertThat(stage.db().queryForLong("select stock from Product")).isEqualTo(10); // 3 lamps shipped, and back in stock
    }

    @RaceTest
    @DisplayName("the storefront repriced the versioned lamp, the warehouse ships 3, then the storefront reprices it again: OptimisticLockException, and its rollback empties the whole shared Session")
    void storefrontRepricesTheVersionedLampAfterTheShipment(Stage stage) {
        Database db = stage.db();
        long desk = Fixtures.product(db.sessionFactory(), "Desk", 25_000, 4);
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 10);
        try (var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            stage.start(STOREFRONT, () -> storefront.productPage(desk)).join();                   // another user's page
            assertThat(stage.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_100)).join()).isEmpty(); // version 0 -> 1
            stage.start(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.shipVersioned(db.sessionFactory(), lamp, 3)).join(); // 1 -> 2
            assertThat(storefront.cachedEntities()).isEqualTo(2);                                  // the desk and the stale lamp

            Throwable stale = stage.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200)).failure();
            assertThat(stale)
                    .isInstanceOf(OptimisticLockException.class)
                    .hasMessage("Unexpected row count (expected row count 1 but was 0)"
                            + " [update VersionedProduct set product_name=?,price_cents=?,stock=?,row_version=? where id=? and row_version=?]"
                            + " for entity [dev.sharedsession.model.VersionedProduct with id '" + lamp + "']")
                    .hasCauseInstanceOf(StaleObjectStateException.class);
            assertThat(storefront.cachedEntities()).isZero(); // the rollback detached everything, the desk too

            // A second attempt through the same Session reloads the row: this time both changes survive.
            assertThat(stage.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200)).join()).isEmpty();
        }
        assertThat(db.queryForLong(VERSIONED_PRICE, lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong(VERSIONED_STOCK, lamp)).isEqualTo(7);
        assertThat(db.queryForLong(VERSION, lamp)).isEqualTo(3);
    }

    @RaceTest
    @DisplayName("the warehouse ships 3 versioned lamps while the storefront is about to write its new price: its UPDATE matches no row, OptimisticLockException, nothing retries; the new price is lost")
    void warehouseShipsWhileTheStorefrontIsAboutToWriteThePrice(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 10);
        Pause storefrontBeforeWriting = stage.beforeStatement(STOREFRONT, WRITING_THE_VERSIONED_PRODUCT);
        try (var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            Actor<List<String>> repricing = stage.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200));
            storefrontBeforeWriting.awaitReached();   // read version 0, flushing its UPDATE
            assertThat(stage.start(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.shipVersioned(db.sessionFactory(), lamp, 3)).join())
                    .isEmpty();                        // 0 -> 1
            storefrontBeforeWriting.release();

            assertThat(repricing.failure())
                    .isInstanceOf(OptimisticLockException.class)
                    .hasMessage("Unexpected row count (expected row count 1 but was 0)"
                            + " [update VersionedProduct set product_name=?,price_cents=?,stock=?,row_version=? where id=? and row_version=?]"
                            + " for entity [dev.sharedsession.model.VersionedProduct with id '" + lamp + "']")
                    .hasCauseInstanceOf(StaleObjectStateException.class);
        }
        assertThat(db.queryForLong(VERSIONED_PRICE, lamp)).isEqualTo(1_000);
        assertThat(db.queryForLong(VERSIONED_STOCK, lamp)).isEqualTo(7);
        assertThat(db.queryForLong(VERSION, lamp)).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("the storefront showed the lamp, eight warehouse clerks ship one each, one after another, then the storefront reprices: all eight shipments are undone")
    void eightShipmentsThenTheStorefrontReprices(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
            for (int i = 1; i <= 8; i++) {
                // one after the other: each clerk's own short transaction is right as written
                stage.run(WAREHOUSE + "-" + i, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 1)).join();
            }
            assertThat(db.queryForLong(STOCK, lamp)).isEqualTo(2);

            stage.run(STOREFRONT, () -> storefront.reprice(lamp, 1_200)).join();
        }
        assertThat(db.queryForLong(PRICE, lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong(STOCK, lamp)).isEqualTo(10);
    }
}

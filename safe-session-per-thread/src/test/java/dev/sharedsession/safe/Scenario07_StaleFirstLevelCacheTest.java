package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs07_StaleFirstLevelCache;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 7, safe: a Session per unit of work, @Version and a retry where writers race")
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
    @DisplayName("the warehouse ships 3 of 10 lamps and commits, then the storefront shows the lamp again: 7 in stock")
    void storefrontShowsTheLampAgainAfterTheShipment(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        // nothing to close: each unit of work closes its own Session
        var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory());
        assertThat(stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                .isEqualTo("Lamp: 1000 cents, 10 in stock");
        stage.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

        assertThat(db.queryForLong(STOCK, lamp)).isEqualTo(7);
        assertThat(stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                .isEqualTo("Lamp: 1000 cents, 7 in stock");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("after the shipment the storefront asks a query for the stock: the query and the product it returns agree, 7")
    void storefrontQueriesTheStockAfterTheShipment(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        // nothing to close: each unit of work closes its own Session
        var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory());
        stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
        stage.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

        assertThat(stage.start(STOREFRONT, () -> storefront.stockFromAQuery(lamp)).join()).isEqualTo(7);
        assertThat(stage.start(STOREFRONT, () -> storefront.stockOfTheQueriedProduct(lamp)).join()).isEqualTo(7);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the storefront showed the lamp, the warehouse ships 3, then the storefront reprices: its UPDATE carries the current stock, both changes are kept")
    void storefrontRepricesAfterTheShipment(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_07.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForLong("select count(*) from Product")).isEqualTo(1);
        assertThat(stage.db().queryForLong("select price_cents from Product")).isEqualTo(1_200);
        assertThat(stage.db().queryForLong("select stock from Product")).isEqualTo(7);
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the storefront repriced the versioned lamp, the warehouse ships 3, then the storefront reprices it again: its own Session reads version 2, no conflict, nothing kept in between")
    void storefrontRepricesTheVersionedLampAfterTheShipment(Stage stage) {
        Database db = stage.db();
        long desk = Fixtures.product(db.sessionFactory(), "Desk", 25_000, 4);
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 10);
        // nothing to close: each unit of work closes its own Session
        var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory());
        stage.start(STOREFRONT, () -> storefront.productPage(desk)).join();                   // another user's page
        assertThat(stage.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_100)).join()).isEmpty(); // version 0 -> 1
        stage.start(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.shipVersioned(db.sessionFactory(), lamp, 3)).join(); // 1 -> 2
        assertThat(storefront.cachedEntities()).isZero();                                      // nothing to go stale

        assertThat(stage.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200)).join()).isEmpty(); // 2 -> 3
        assertThat(db.queryForLong(VERSIONED_PRICE, lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong(VERSIONED_STOCK, lamp)).isEqualTo(7);
        assertThat(db.queryForLong(VERSION, lamp)).isEqualTo(3);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the warehouse ships 3 versioned lamps while the storefront is about to write its new price: its UPDATE matches no row, OptimisticLockException, retried in a fresh Session; both changes kept")
    void warehouseShipsWhileTheStorefrontIsAboutToWriteThePrice(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 10);
        Pause storefrontBeforeWriting = stage.beforeStatement(STOREFRONT, WRITING_THE_VERSIONED_PRODUCT);
        // nothing to close: each unit of work closes its own Session
        var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory());
        Actor<List<String>> repricing = stage.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200));
        storefrontBeforeWriting.awaitReached();   // read version 0, flushing its UPDATE
        assertThat(stage.start(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.shipVersioned(db.sessionFactory(), lamp, 3)).join())
                .isEmpty();                        // 0 -> 1
        storefrontBeforeWriting.release();

        assertThat(repricing.join()).containsExactly("Unexpected row count (expected row count 1 but was 0)"
                + " [update VersionedProduct set product_name=?,price_cents=?,stock=?,row_version=? where id=? and row_version=?]"
                + " for entity [dev.sharedsession.model.VersionedProduct with id '" + lamp + "']");
        assertThat(db.queryForLong(VERSIONED_PRICE, lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong(VERSIONED_STOCK, lamp)).isEqualTo(7);
        assertThat(db.queryForLong(VERSION, lamp)).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the storefront showed the lamp, eight warehouse clerks ship one each, one after another, then the storefront reprices: stock 2, the new price")
    void eightShipmentsThenTheStorefrontReprices(Stage stage) {
        Database db = stage.db();
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        // nothing to close: each unit of work closes its own Session
        var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory());
        stage.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
        for (int i = 1; i <= 8; i++) {
            // one after the other: each clerk's own short transaction is right as written
            stage.run(WAREHOUSE + "-" + i, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 1)).join();
        }
        assertThat(db.queryForLong(STOCK, lamp)).isEqualTo(2);

        stage.run(STOREFRONT, () -> storefront.reprice(lamp, 1_200)).join();
        assertThat(db.queryForLong(PRICE, lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong(STOCK, lamp)).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("the storefront reprices the versioned lamp while a warehouse clerk ships 2, nothing forced, 20 times: every run ok")
    void storefrontRepricesWhileAClerkShips() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario07-natural"),
                Bindings.SCENARIO_07.naturalRun(Runs07_StaleFirstLevelCache.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok: both changes kept
    }

    @RaceTest
    @DisplayName("the storefront reprices the versioned lamp while eight warehouse clerks ship 2 each, nothing forced: stock 80 - 16 = 64, the new price")
    void storefrontRepricesWhileEightClerksShip(Stage stage) {
        assertThat(Bindings.SCENARIO_07.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForLong("select stock from VersionedProduct")).isEqualTo(64);
        assertThat(stage.db().queryForLong("select price_cents from VersionedProduct")).isEqualTo(1_200);
        assertThat(stage.db().queryForLong("select row_version from VersionedProduct")).isEqualTo(10); // 2 repricings + 8 shipments
        assertThat(stage.db().activeConnections()).isZero();
    }
}

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 7, broken: the storefront keeps one Session for the catalogue")
class Scenario07_StaleFirstLevelCacheTest {

    private static final String STOREFRONT = "storefront";
    private static final String WAREHOUSE = "warehouse";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("the warehouse ships 3 of 10 lamps and commits: the storefront still shows 10 in stock")
    void storefrontShowsStockTheWarehouseAlreadyShipped(Database db) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            assertThat(race.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                    .isEqualTo("Lamp: 1000 cents, 10 in stock");
            race.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

            assertThat(db.queryForLong("select stock from Product where id = " + lamp)).isEqualTo(7);
            assertThat(race.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                    .isEqualTo("Lamp: 1000 cents, 10 in stock"); // answered from the persistence context
        }
    }

    @RaceTest
    @DisplayName("after the shipment a query reads the new row, yet the product it returns still has the old stock")
    void aQueryReadsTheNewRowButReturnsTheOldEntity(Database db) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            race.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
            race.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

            assertThat(race.start(STOREFRONT, () -> storefront.stockFromAQuery(lamp)).join()).isEqualTo(7);
            assertThat(race.start(STOREFRONT, () -> storefront.stockOfTheQueriedProduct(lamp)).join()).isEqualTo(10);
        }
    }

    @RaceTest
    @DisplayName("the storefront reprices after the shipment: its UPDATE writes the stale stock back, the shipment of 3 is lost")
    void repricingWritesTheStaleStockBack(Database db) {
        Scenario07_StaleFirstLevelCache.runForced(db); // storefront page, warehouse ships 3, storefront reprices
        assertThat(db.queryForLong("select price_cents from Product")).isEqualTo(1_200);
        assertThat(db.queryForLong("select stock from Product")).isEqualTo(10); // 3 lamps shipped, and back in stock
    }

    @RaceTest
    @DisplayName("with @Version the stale repricing fails with OptimisticLockException, and its rollback empties the whole shared Session")
    void versionedRepricingAfterTheWarehouseShipped(Database db) {
        long desk = Fixtures.product(db.sessionFactory(), "Desk", 25_000, 4);
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            race.start(STOREFRONT, () -> storefront.productPage(desk)).join();                      // another user's page
            race.run(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_100)).join();           // version 0 -> 1
            race.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.shipVersioned(db.sessionFactory(), lamp, 3)).join(); // 1 -> 2
            assertThat(storefront.cachedEntities()).isEqualTo(2);                                  // the desk and the stale lamp

            Throwable stale = race.run(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200)).failure();
            assertThat(stale)
                    .isInstanceOf(OptimisticLockException.class)
                    .hasMessage("Unexpected row count (expected row count 1 but was 0)"
                            + " [update VersionedProduct set product_name=?,price_cents=?,stock=?,row_version=? where id=? and row_version=?]"
                            + " for entity [dev.sharedsession.common.model.VersionedProduct with id '" + lamp + "']")
                    .hasCauseInstanceOf(StaleObjectStateException.class);
            assertThat(storefront.cachedEntities()).isZero(); // the rollback detached everything, the desk too

            // The retry through the same Session reloads the row: this time both changes survive.
            race.run(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200)).join();
        }
        assertThat(db.queryForLong("select price_cents from VersionedProduct where id = " + lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong("select stock from VersionedProduct where id = " + lamp)).isEqualTo(7);
        assertThat(db.queryForLong("select row_version from VersionedProduct where id = " + lamp)).isEqualTo(3);
    }

    @RaceTest
    @DisplayName("eight warehouse clerks ship one lamp each, then the storefront reprices: all eight shipments are undone")
    void eightClerksAndTheStorefront(Database db) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            race.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
            for (int i = 1; i <= 8; i++) {
                // one after the other: each clerk's own short transaction is right as written
                race.run(WAREHOUSE + "-" + i, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 1)).join();
            }
            assertThat(db.queryForLong("select stock from Product where id = " + lamp)).isEqualTo(2);

            race.run(STOREFRONT, () -> storefront.reprice(lamp, 1_200)).join();
        }
        assertThat(db.queryForLong("select price_cents from Product where id = " + lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong("select stock from Product where id = " + lamp)).isEqualTo(10);
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many fail is the scheduler's choice, not asserted)")
    void uncoordinatedRepricingCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario07-natural"),
                Scenario07_StaleFirstLevelCache::runNaturally);

        System.out.println("natural runs of the broken long-lived catalogue Session: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: the warehouse ships 3 lamps after the storefront showed them, then the storefront reprices: 'the warehouse's shipment was overwritten: stock 10 instead of 7'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario07_StaleFirstLevelCache.runForced(db).label())
                .isEqualTo("the warehouse's shipment was overwritten: stock 10 instead of 7");
    }
}

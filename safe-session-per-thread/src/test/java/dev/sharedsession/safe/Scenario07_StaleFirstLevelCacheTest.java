package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Scenario 7, safe: a Session per unit of work, @Version where writers race")
class Scenario07_StaleFirstLevelCacheTest {

    private static final String STOREFRONT = "storefront";
    private static final String WAREHOUSE = "warehouse";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("the warehouse ships 3 of 10 lamps and commits: the storefront's next page shows 7 in stock")
    void storefrontShowsStockTheWarehouseAlreadyShipped(Database db) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            assertThat(race.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                    .isEqualTo("Lamp: 1000 cents, 10 in stock");
            race.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

            assertThat(db.queryForLong("select stock from Product where id = " + lamp)).isEqualTo(7);
            assertThat(race.start(STOREFRONT, () -> storefront.productPage(lamp)).join())
                    .isEqualTo("Lamp: 1000 cents, 7 in stock");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("after the shipment a query and the product it returns agree: 7")
    void aQueryReadsTheNewRowButReturnsTheOldEntity(Database db) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            race.start(STOREFRONT, () -> storefront.productPage(lamp)).join();
            race.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.ship(db.sessionFactory(), lamp, 3)).join();

            assertThat(race.start(STOREFRONT, () -> storefront.stockFromAQuery(lamp)).join()).isEqualTo(7);
            assertThat(race.start(STOREFRONT, () -> storefront.stockOfTheQueriedProduct(lamp)).join()).isEqualTo(7);
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the storefront reprices after the shipment: its UPDATE carries the current stock, both changes are kept")
    void repricingWritesTheStaleStockBack(Database db) {
        Scenario07_StaleFirstLevelCache.runForced(db); // storefront page, warehouse ships 3, storefront reprices
        assertThat(db.queryForLong("select price_cents from Product")).isEqualTo(1_200);
        assertThat(db.queryForLong("select stock from Product")).isEqualTo(7);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the warehouse ships in the middle of the repricing: @Version rejects the stale UPDATE with OptimisticLockException, the retry in a fresh Session keeps both changes")
    void versionedRepricingAfterTheWarehouseShipped(Database db) {
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            assertThat(race.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_100)).join()).isEmpty(); // 0 -> 1

            Pause storefrontAboutToUpdate = PausePoints.of(db).beforeStatement(STOREFRONT, "update VersionedProduct");
            Actor<List<String>> repricing = race.start(STOREFRONT, () -> storefront.repriceVersioned(lamp, 1_200));
            storefrontAboutToUpdate.awaitReached();   // read version 1, flushing its UPDATE
            race.run(WAREHOUSE, () -> Scenario07_StaleFirstLevelCache.shipVersioned(db.sessionFactory(), lamp, 3)).join(); // 1 -> 2
            storefrontAboutToUpdate.release();

            assertThat(repricing.join()).containsExactly("Unexpected row count (expected row count 1 but was 0)"
                    + " [update VersionedProduct set product_name=?,price_cents=?,stock=?,row_version=? where id=? and row_version=?]"
                    + " for entity [dev.sharedsession.common.model.VersionedProduct with id '" + lamp + "']");
        }
        assertThat(db.queryForLong("select price_cents from VersionedProduct where id = " + lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong("select stock from VersionedProduct where id = " + lamp)).isEqualTo(7);
        assertThat(db.queryForLong("select row_version from VersionedProduct where id = " + lamp)).isEqualTo(3);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight clerks ship five lamps each while the storefront reprices, all at once, nothing forced: stock 100 - 40 = 60, the new price, no connection leaks")
    void eightClerksAndTheStorefront(Database db) {
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 100);
        CyclicBarrier together = new CyclicBarrier(9); // eight clerks and the storefront start at once
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            List<Actor<Integer>> clerks = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                clerks.add(race.start(WAREHOUSE + "-" + i, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    int conflicts = 0;
                    for (int parcel = 0; parcel < 5; parcel++) {
                        conflicts += Scenario07_StaleFirstLevelCache.shipVersioned(db.sessionFactory(), lamp, 1).size();
                    }
                    return conflicts;
                }));
            }
            Actor<List<String>> repricing = race.start(STOREFRONT, () -> {
                together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                return storefront.repriceVersioned(lamp, 1_200);
            });

            int conflicts = repricing.join().size() + clerks.stream().mapToInt(Actor::join).sum();
            System.out.println("optimistic-lock conflicts caught and retried: " + conflicts);
        }
        assertThat(db.queryForLong("select stock from VersionedProduct where id = " + lamp)).isEqualTo(60);
        assertThat(db.queryForLong("select price_cents from VersionedProduct where id = " + lamp)).isEqualTo(1_200);
        assertThat(db.queryForLong("select row_version from VersionedProduct where id = " + lamp)).isEqualTo(41); // 40 shipments + 1 repricing
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedRepricingCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario07-natural"),
                Scenario07_StaleFirstLevelCache::runNaturally);

        System.out.println("natural runs of the safe short Sessions: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok includes: both changes kept, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: the warehouse ships 3 lamps after the storefront showed them, then the storefront reprices: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario07_StaleFirstLevelCache.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} warehouse clerk(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 warehouse clerk(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario07-threads")) {
            assertThat(Scenario07_StaleFirstLevelCache.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario07_StaleFirstLevelCache.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

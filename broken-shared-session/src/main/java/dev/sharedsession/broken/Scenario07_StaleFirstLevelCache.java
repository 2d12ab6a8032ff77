package dev.sharedsession.broken;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.model.Product;
import dev.sharedsession.common.model.VersionedProduct;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Race;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 7, broken: the stale first-level cache of a long-lived Session.
 *
 * <p>The story. The storefront (thread {@code storefront}) keeps one Session open for the
 * catalogue, for as long as the application runs, "so products load only once". The warehouse
 * (thread {@code warehouse}, or another service altogether) ships units and commits the new
 * stock in short transactions of its own: right as written. Later the storefront shows the
 * product again, and a merchandiser reprices it through the storefront's Session.
 *
 * <p>What breaks. A Session's persistence context is also a cache: once it holds
 * {@code Product#1}, {@code find()} answers from memory and never reads the row again, and a
 * query that does read the row still hands back the instance already in the persistence
 * context, with its old field values (the row it just read is thrown away). The storefront
 * keeps showing the stock of the morning. And when it changes the price, Hibernate's UPDATE
 * writes every column from that stale instance: the stock the warehouse committed is
 * overwritten with the old number. No exception, no log line: a lost update of a field the
 * storefront never touched.
 *
 * <p>{@code @Version} turns the silent overwrite into an error. Observed on Hibernate 7.4.15:
 * the stale write fails with {@code jakarta.persistence.OptimisticLockException: Unexpected
 * row count (expected row count 1 but was 0) [update VersionedProduct set
 * product_name=?,price_cents=?,stock=?,row_version=? where id=? and row_version=?] for entity
 * [dev.sharedsession.common.model.VersionedProduct with id '1']} (cause
 * {@code org.hibernate.StaleObjectStateException}). The rollback that follows then empties the
 * <em>whole</em> shared Session: every entity it held, for every user, is detached at once, so
 * the "load once" cache is gone anyway, and a retry through the same Session reloads the row
 * and succeeds. The version saved the data; the long-lived Session bought nothing.
 *
 * <p>Left to the scheduler (see {@link #runNaturally}), either change can be lost: the
 * storefront's stale stock overwrites the shipment, or, when the warehouse read the row before
 * the repricing committed, the warehouse's own UPDATE puts the old price back. Short Sessions
 * cure the first; only a version (or a lock) cures the second.
 *
 * <p>The fix, in {@code safe-session-per-thread}: short Sessions, one per unit of work, that
 * read the current row every time; and {@code @Version} with a retry in a fresh Session for
 * writers that really do race each other.
 */
public final class Scenario07_StaleFirstLevelCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario07_StaleFirstLevelCache.class);

    /** The crowd of the natural run unless told otherwise: warehouse clerks shipping 2 lamps each. */
    public static final int DEFAULT_THREADS = 1;

    // BROKEN: one Session for the catalogue, open as long as the application.
    private final Session catalogue;

    public Scenario07_StaleFirstLevelCache(SessionFactory sessionFactory) {
        this.catalogue = sessionFactory.openSession();
    }

    /** The storefront's product page. */
    public String productPage(long productId) {
        Product product = catalogue.find(Product.class, productId); // answered from the persistence context once loaded
        return product.getName() + ": " + product.getPriceCents() + " cents, " + product.getStock() + " in stock";
    }

    /** The stock as a number, straight from a query: the query reads the current row. */
    public int stockFromAQuery(long productId) {
        return catalogue.createSelectionQuery("select p.stock from Product p where p.id = :id", Integer.class)
                .setParameter("id", productId).getSingleResult();
    }

    /** The stock of the product a query returns: the query reads the row, then hands back the cached instance. */
    public int stockOfTheQueriedProduct(long productId) {
        return catalogue.createSelectionQuery("from Product p where p.id = :id", Product.class)
                .setParameter("id", productId).getSingleResult().getStock();
    }

    /** The merchandiser reprices the product, through the storefront's Session. */
    public void reprice(long productId, long cents) {
        catalogue.inTransaction(tx -> {
            Product product = catalogue.find(Product.class, productId);
            product.reprice(cents); // the UPDATE will carry this instance's stock too, however old
            log.info("repricing {} to {} cents (stock as this Session believes: {})", product.getName(), cents, product.getStock());
        });
    }

    /** The same, for the versioned product: the stale write is caught. */
    public void repriceVersioned(long productId, long cents) {
        catalogue.inTransaction(tx -> {
            VersionedProduct product = catalogue.find(VersionedProduct.class, productId);
            product.reprice(cents);
            log.info("repricing {} to {} cents (as this Session believes: version {}, stock {})", product.getName(), cents,
                    product.getVersion(), product.getStock());
        });
    }

    /** Entities in the catalogue Session's persistence context: what it has "cached". */
    public int cachedEntities() {
        return catalogue.unwrap(SessionImplementor.class).getPersistenceContext().getNumberOfManagedEntities();
    }

    /** The warehouse ships units in a short transaction of its own (a different service). */
    public static void ship(SessionFactory sessionFactory, long productId, int units) {
        sessionFactory.inTransaction(session -> session.find(Product.class, productId).ship(units));
    }

    /** The same, for the versioned product. */
    public static void shipVersioned(SessionFactory sessionFactory, long productId, int units) {
        sessionFactory.inTransaction(session -> session.find(VersionedProduct.class, productId).ship(units));
    }

    @Override
    public void close() {
        catalogue.close();
    }

    /** One natural run with {@value #DEFAULT_THREADS} warehouse clerks shipping 2 lamps each: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: the storefront has shown the product (it is in its
     * Session); then the merchandiser reprices it while {@code threads} warehouse clerks ship two
     * units each. Goes
     * wrong if either change is missing from the database.
     */
    public static Outcome runNaturally(Database db, int threads) {
        NaturalRuns.requireThreads(threads);
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10 * threads);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            storefront.productPage(lamp); // earlier today
            List<Actor<?>> everyone = new ArrayList<>();
            everyone.add(race.run("storefront", () -> storefront.reprice(lamp, 1_200)));
            for (int clerk = 1; clerk <= threads; clerk++) {
                everyone.add(race.run(clerk == 1 ? "warehouse" : "warehouse-" + clerk, () -> ship(db.sessionFactory(), lamp, 2)));
            }
            for (Outcome outcome : everyone.stream().map(Actor::outcome).toList()) {
                if (outcome.wentWrong()) {
                    return outcome;
                }
            }
        }
        return judge(db, "Product", lamp, 8L * threads);
    }

    /**
     * The headline, forced, one step after another: the storefront shows the lamp (10 in stock),
     * the warehouse ships 3 and commits, then the storefront reprices it. Its UPDATE writes back the stock its
     * long-lived Session still holds: "the warehouse's shipment was overwritten: stock 10 instead of 7".
     */
    public static Outcome runForced(Database db) {
        long lamp = Fixtures.product(db.sessionFactory(), "Lamp", 1_000, 10);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            List<Actor<?>> steps = new ArrayList<>();
            steps.add(race.start("storefront", () -> storefront.productPage(lamp)));            // earlier today
            steps.get(0).outcome();
            steps.add(race.run("warehouse", () -> ship(db.sessionFactory(), lamp, 3)));
            steps.get(1).outcome();
            steps.add(race.run("storefront", () -> storefront.reprice(lamp, 1_200)));
            for (Outcome outcome : steps.stream().map(Actor::outcome).toList()) {
                if (outcome.wentWrong()) {
                    return outcome;
                }
            }
        }
        return judge(db, "Product", lamp, 7);
    }

    /** Both changes must be in {@code table}: the new price and the stock the warehouse left. */
    private static Outcome judge(Database db, String table, long lamp, long expectedStock) {
        long price = db.queryForLong("select price_cents from " + table + " where id = " + lamp);
        long stock = db.queryForLong("select stock from " + table + " where id = " + lamp);
        if (stock != expectedStock) {
            return Outcome.wrong("the warehouse's shipment was overwritten: stock " + stock + " instead of " + expectedStock);
        }
        return price == 1_200 ? Outcome.ok() : Outcome.wrong("the new price is missing: " + price + " cents");
    }
}

package dev.sharedsession.safe;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.model.Product;
import dev.sharedsession.common.model.VersionedProduct;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Race;
import jakarta.persistence.OptimisticLockException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 7, safe: a Session per unit of work, and {@code @Version} where writers race.
 *
 * <p>The story is the same: the storefront (thread {@code storefront}) shows and reprices a
 * product, the warehouse (thread {@code warehouse}) ships units and commits the new stock.
 *
 * <p>The fix, in two parts.
 * <ul>
 *   <li>Short Sessions. Every page and every change opens its own Session
 *       ({@code fromTransaction} / {@code inTransaction}) and closes it at the end. A new
 *       Session has an empty persistence context, so {@code find()} reads the current row:
 *       the page shows the stock the warehouse committed, and the repricing's UPDATE carries
 *       that current stock, not the morning's. This cures the stale cache.</li>
 *   <li>{@code @Version} for writers that really overlap. A short Session still reads, then
 *       writes: if the warehouse commits between the two, an unversioned UPDATE would still
 *       overwrite its stock. With {@code VersionedProduct} that UPDATE matches no row and fails
 *       with {@code OptimisticLockException} ({@code Unexpected row count (expected row count 1
 *       but was 0) ...}); the unit of work is then retried from the start in a <em>fresh</em>
 *       Session, which reads the new row and version. Retries are bounded, and every conflict
 *       is reported to the caller.</li>
 * </ul>
 */
public final class Scenario07_StaleFirstLevelCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario07_StaleFirstLevelCache.class);

    /** The crowd of the natural run unless told otherwise: warehouse clerks shipping 2 lamps each. */
    public static final int DEFAULT_THREADS = 1;
    private static final int MAX_ATTEMPTS = 100;

    // SAFE: the service keeps the SessionFactory; each unit of work opens its own Session.
    private final SessionFactory sessionFactory;

    public Scenario07_StaleFirstLevelCache(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** The storefront's product page. */
    public String productPage(long productId) {
        return sessionFactory.fromTransaction(session -> {
            Product product = session.find(Product.class, productId); // a fresh persistence context: the current row
            return product.getName() + ": " + product.getPriceCents() + " cents, " + product.getStock() + " in stock";
        });
    }

    /** The stock as a number, straight from a query. */
    public int stockFromAQuery(long productId) {
        return sessionFactory.fromTransaction(session ->
                session.createSelectionQuery("select p.stock from Product p where p.id = :id", Integer.class)
                        .setParameter("id", productId).getSingleResult());
    }

    /** The stock of the product a query returns: nothing older is in this Session to hand back instead. */
    public int stockOfTheQueriedProduct(long productId) {
        return sessionFactory.fromTransaction(session ->
                session.createSelectionQuery("from Product p where p.id = :id", Product.class)
                        .setParameter("id", productId).getSingleResult().getStock());
    }

    /**
     * The merchandiser reprices the product in a unit of work of its own. This cures the stale
     * cache; a warehouse committing in the middle of it is what {@link #repriceVersioned} is for.
     */
    public void reprice(long productId, long cents) {
        sessionFactory.inTransaction(session -> {
            Product product = session.find(Product.class, productId);
            product.reprice(cents);
            log.info("repricing {} to {} cents (stock just read: {})", product.getName(), cents, product.getStock());
        });
    }

    /**
     * The versioned product, repriced in a fresh Session per attempt. Returns the message of
     * every optimistic-lock conflict it met before it succeeded (empty if none).
     */
    public List<String> repriceVersioned(long productId, long cents) {
        return retryingConflicts(sessionFactory, session -> session.find(VersionedProduct.class, productId).reprice(cents));
    }

    /** The warehouse ships units in a short transaction of its own. */
    public static void ship(SessionFactory sessionFactory, long productId, int units) {
        sessionFactory.inTransaction(session -> session.find(Product.class, productId).ship(units));
    }

    /** The same for the versioned product, retried in a fresh Session on a conflict. */
    public static List<String> shipVersioned(SessionFactory sessionFactory, long productId, int units) {
        return retryingConflicts(sessionFactory, session -> session.find(VersionedProduct.class, productId).ship(units));
    }

    /**
     * Runs {@code work} in its own transaction; on an optimistic-lock conflict, runs it again from
     * the start in a new Session (the failed one is rolled back and closed by inTransaction).
     */
    private static List<String> retryingConflicts(SessionFactory sessionFactory, Consumer<Session> work) {
        List<String> conflicts = new ArrayList<>();
        while (true) {
            try {
                sessionFactory.inTransaction(work);
                return conflicts;
            } catch (OptimisticLockException conflict) {
                conflicts.add(conflict.getMessage());
                log.info("conflict #{}: {}; retrying in a fresh Session", conflicts.size(), conflict.getMessage());
                if (conflicts.size() >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("gave up after " + MAX_ATTEMPTS + " conflicts", conflict);
                }
            }
        }
    }

    @Override
    public void close() {
        // Nothing to close: no Session outlives its unit of work.
    }

    /** One natural run with {@value #DEFAULT_THREADS} warehouse clerks shipping 2 lamps each: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: the storefront has shown the product; then the
     * merchandiser reprices it while {@code threads} warehouse clerks ship two units each. Both write the versioned
     * product, because here two writers really do race. Goes wrong if either change is missing.
     */
    public static Outcome runNaturally(Database db, int threads) {
        NaturalRuns.requireThreads(threads);
        long lamp = Fixtures.versionedProduct(db.sessionFactory(), "Lamp", 1_000, 10 * threads);
        try (Race race = Race.bounded(); var storefront = new Scenario07_StaleFirstLevelCache(db.sessionFactory())) {
            List<Actor<?>> everyone = new ArrayList<>();
            everyone.add(race.start("storefront", () -> storefront.repriceVersioned(lamp, 1_200)));
            for (int clerk = 1; clerk <= threads; clerk++) {
                everyone.add(race.start(clerk == 1 ? "warehouse" : "warehouse-" + clerk, () -> shipVersioned(db.sessionFactory(), lamp, 2)));
            }
            for (Outcome outcome : everyone.stream().map(Actor::outcome).toList()) {
                if (outcome.wentWrong()) {
                    return outcome;
                }
            }
        }
        return judge(db, "VersionedProduct", lamp, 8L * threads);
    }

    /**
     * The headline, forced, one step after another: the storefront shows the lamp (10 in stock),
     * the warehouse ships 3 and commits, then the storefront reprices it. Its short Session reads the current row, so
     * its UPDATE carries the stock the warehouse left: ok.
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

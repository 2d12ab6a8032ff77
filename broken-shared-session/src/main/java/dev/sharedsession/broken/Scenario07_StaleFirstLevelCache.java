package dev.sharedsession.broken;

import dev.sharedsession.model.Product;
import dev.sharedsession.model.VersionedProduct;
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
 * [dev.sharedsession.model.VersionedProduct with id '1']} (cause
 * {@code org.hibernate.StaleObjectStateException}). The rollback that follows then empties the
 * <em>whole</em> shared Session: every entity it held, for every user, is detached at once, so
 * the "load once" cache is gone anyway, and a second attempt through the same Session reloads
 * the row and succeeds. The version saved the data; the long-lived Session bought nothing.
 *
 * <p>Left to the scheduler ({@code ./lab 7}: the merchandiser reprices the versioned product
 * the storefront already holds while warehouse clerks ship it), the repricing fails whenever a
 * clerk commits first; and a clerk whose row another writer changed under it fails too, because
 * nothing here retries. Short Sessions cure the first; only a retry cures the second.
 *
 * <p>The fix, in {@code safe-session-per-thread}: short Sessions, one per unit of work, that
 * read the current row every time; and {@code @Version} with a retry in a fresh Session for
 * writers that really do race each other.
 */
public final class Scenario07_StaleFirstLevelCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario07_StaleFirstLevelCache.class);

    // BROKEN: one Session for the catalogue, open as long as the application.
    private final Session catalogue;

    public Scenario07_StaleFirstLevelCache(SessionFactory sessionFactory) {
        this.catalogue = sessionFactory.openSession();
    }

    /** The storefront's product page. */
    public String productPage(long productId) {
        Product product = catalogue.find(Product.class, productId); // BROKEN: answered from the persistence context once loaded
        return product.getName() + ": " + product.getPriceCents() + " cents, " + product.getStock() + " in stock";
    }

    /** The stock as a number, straight from a query: the query reads the current row. */
    public int stockFromAQuery(long productId) {
        return catalogue.createSelectionQuery("select p.stock from Product p where p.id = :id", Integer.class)
                .setParameter("id", productId).getSingleResult();
    }

    /** The stock of the product a query returns. */
    public int stockOfTheQueriedProduct(long productId) {
        // BROKEN: the query reads the row, then hands back the instance already in the persistence context.
        return catalogue.createSelectionQuery("from Product p where p.id = :id", Product.class)
                .setParameter("id", productId).getSingleResult().getStock();
    }

    /** The merchandiser reprices the product, through the storefront. */
    public void reprice(long productId, long cents) {
        catalogue.inTransaction(tx -> {
            Product product = catalogue.find(Product.class, productId);
            product.reprice(cents); // BROKEN: the UPDATE will carry this instance's stock too, however old
            log.info("repricing {} to {} cents (stock as this Session believes: {})", product.getName(), cents, product.getStock());
        });
    }

    /**
     * The same, for the versioned product. Returns the message of every optimistic-lock conflict
     * it met and retried (empty if none).
     */
    public List<String> repriceVersioned(long productId, long cents) {
        // BROKEN: one attempt, in the long-lived Session: a stale instance fails its version check
        // (OptimisticLockException to the caller), and the rollback detaches everything the Session held.
        catalogue.inTransaction(tx -> {
            VersionedProduct product = catalogue.find(VersionedProduct.class, productId);
            product.reprice(cents);
            log.info("repricing {} to {} cents (as this Session believes: version {}, stock {})", product.getName(), cents,
                    product.getVersion(), product.getStock());
        });
        return List.of();
    }

    /** Entities in the storefront's persistence context between units of work: what it has "cached". */
    public int cachedEntities() {
        return catalogue.unwrap(SessionImplementor.class).getPersistenceContext().getNumberOfManagedEntities();
    }

    /** The warehouse ships units in a short transaction of its own (a different service). */
    public static void ship(SessionFactory sessionFactory, long productId, int units) {
        sessionFactory.inTransaction(session -> session.find(Product.class, productId).ship(units));
    }

    /**
     * The same, for the versioned product. Returns the message of every optimistic-lock conflict
     * it met and retried (empty if none).
     */
    public static List<String> shipVersioned(SessionFactory sessionFactory, long productId, int units) {
        // BROKEN: one attempt: if another writer changed the row since it was read, the
        // OptimisticLockException goes to the caller and the shipment is not recorded.
        sessionFactory.inTransaction(session -> session.find(VersionedProduct.class, productId).ship(units));
        return List.of();
    }

    @Override
    public void close() {
        catalogue.close();
    }
}

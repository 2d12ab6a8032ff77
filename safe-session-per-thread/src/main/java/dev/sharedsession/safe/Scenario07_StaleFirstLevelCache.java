package dev.sharedsession.safe;

import dev.sharedsession.model.Product;
import dev.sharedsession.model.VersionedProduct;
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
public final class Scenario07_StaleFirstLevelCache {

    private static final Logger log = LoggerFactory.getLogger(Scenario07_StaleFirstLevelCache.class);

    /** A bound on the retries, so a livelock cannot spin forever; far more than nine writers need. */
    private static final int MAX_ATTEMPTS = 100;

    // SAFE: the service keeps the SessionFactory; each unit of work opens its own Session.
    private final SessionFactory sessionFactory;

    public Scenario07_StaleFirstLevelCache(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** The storefront's product page. */
    public String productPage(long productId) {
        return sessionFactory.fromTransaction(session -> {
            Product product = session.find(Product.class, productId); // SAFE: a fresh persistence context reads the current row
            return product.getName() + ": " + product.getPriceCents() + " cents, " + product.getStock() + " in stock";
        });
    }

    /** The stock as a number, straight from a query: the query reads the current row. */
    public int stockFromAQuery(long productId) {
        return sessionFactory.fromTransaction(session ->
                session.createSelectionQuery("select p.stock from Product p where p.id = :id", Integer.class)
                        .setParameter("id", productId).getSingleResult());
    }

    /** The stock of the product a query returns. */
    public int stockOfTheQueriedProduct(long productId) {
        // SAFE: nothing older is in this new Session to hand back instead of the row the query read.
        return sessionFactory.fromTransaction(session ->
                session.createSelectionQuery("from Product p where p.id = :id", Product.class)
                        .setParameter("id", productId).getSingleResult().getStock());
    }

    /** The merchandiser reprices the product, through the storefront. */
    public void reprice(long productId, long cents) {
        sessionFactory.inTransaction(session -> {
            Product product = session.find(Product.class, productId);
            product.reprice(cents); // SAFE: the UPDATE carries the stock just read (a writer racing it needs repriceVersioned)
            log.info("repricing {} to {} cents (stock just read: {})", product.getName(), cents, product.getStock());
        });
    }

    /**
     * The same, for the versioned product. Returns the message of every optimistic-lock conflict
     * it met and retried (empty if none).
     */
    public List<String> repriceVersioned(long productId, long cents) {
        // SAFE: each attempt is a fresh Session that reads the current row and version; a
        // conflict with a writer that committed in between is retried from the start.
        return retryingConflicts(sessionFactory, session -> {
            VersionedProduct product = session.find(VersionedProduct.class, productId);
            product.reprice(cents);
            log.info("repricing {} to {} cents (just read: version {}, stock {})", product.getName(), cents,
                    product.getVersion(), product.getStock());
        });
    }

    /** Entities in the storefront's persistence context between units of work: what it has "cached". */
    public int cachedEntities() {
        return 0; // SAFE: no Session outlives its unit of work, so nothing is kept between them
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
        // SAFE: if another writer changed the row since it was read, ship again in a fresh Session.
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
}

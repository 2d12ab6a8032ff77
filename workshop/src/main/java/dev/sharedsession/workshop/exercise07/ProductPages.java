package dev.sharedsession.workshop.exercise07;

import dev.sharedsession.model.Product;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Exercise 7, starting point: the storefront's product pages.
 *
 * <p>YOUR TASK: the warehouse (another service, with Sessions of its own) ships units and
 * commits the new stock; the storefront must show it, and must not undo it. The check runs,
 * one step after another, each on a thread of its own, with a lamp at 1000 cents and 10 in stock:
 * <ol>
 *   <li>the storefront shows the lamp; the warehouse ships 3 and commits; the storefront shows
 *       the lamp again: the page must say "Lamp: 1000 cents, 7 in stock";</li>
 *   <li>the storefront shows the lamp; the warehouse ships 3 and commits; the merchandiser
 *       reprices the lamp to 1200 cents through the storefront: the database must say price
 *       1200 and stock 7, and no pooled connection may be left checked out once the storefront
 *       has shut down.</li>
 * </ol>
 * Change only this file (keep the {@code Product} entity as it is). Check with
 * {@code ./exercise check 7}; page: docs/workshop/exercise-07-stale-cache.md.
 */
public final class ProductPages implements Storefront {

    // The catalogue changes rarely: one Session keeps its products loaded, so pages are fast.
    private final Session catalogue;

    public ProductPages(SessionFactory sessionFactory) {
        this.catalogue = sessionFactory.openSession();
    }

    @Override
    public String productPage(long productId) {
        // A query, not find(), so that the page reads the current row every time.
        Product product = catalogue.createSelectionQuery("from Product p where p.id = :id", Product.class)
                .setParameter("id", productId)
                .getSingleResult();
        return product.getName() + ": " + product.getPriceCents() + " cents, " + product.getStock() + " in stock";
    }

    @Override
    public void reprice(long productId, long cents) {
        catalogue.inTransaction(tx -> catalogue.find(Product.class, productId).reprice(cents));
    }

    @Override
    public void close() {
        catalogue.close();
    }
}

package dev.sharedsession.workshop.exercise07.wrongfix;

import dev.sharedsession.model.Product;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise07.Storefront;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: the catalogue's one Session kept, cleared before every page and locked. The page is
 * fresh now, but one Session still serves every storefront thread.
 */
@WrongFix(is = "the catalogue's one Session behind a lock, cleared before each page",
        caughtBy = "thePageShowsTheStockTheWarehouseCommitted",
        fails = "Session used by thread 'storefront' in Session.clear, but it belongs to thread 'main' (session guard: CONFINED)")
public final class LockedClearedCatalogue implements Storefront {

    private final Session catalogue;

    public LockedClearedCatalogue(SessionFactory sessionFactory) {
        this.catalogue = sessionFactory.openSession();
    }

    @Override
    public synchronized String productPage(long productId) {
        catalogue.clear();
        Product product = catalogue.createSelectionQuery("from Product p where p.id = :id", Product.class)
                .setParameter("id", productId)
                .getSingleResult();
        return product.getName() + ": " + product.getPriceCents() + " cents, " + product.getStock() + " in stock";
    }

    @Override
    public synchronized void reprice(long productId, long cents) {
        catalogue.clear();
        catalogue.inTransaction(tx -> catalogue.find(Product.class, productId).reprice(cents));
    }

    @Override
    public synchronized void close() {
        catalogue.close();
    }
}

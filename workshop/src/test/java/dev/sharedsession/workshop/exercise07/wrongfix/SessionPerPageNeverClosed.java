package dev.sharedsession.workshop.exercise07.wrongfix;

import dev.sharedsession.model.Product;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise07.Storefront;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: a Session per page and per repricing, as it should be, but never closed. Every page is
 * fresh and no Session crosses a thread; each one left open keeps its persistence context (and,
 * inside a transaction, its connection) until the garbage collector or never.
 */
@WrongFix(is = "a Session per page, never closed",
        caughtBy = "thePageShowsTheStockTheWarehouseCommitted",
        fails = "[Sessions left open when the check ended] expected: 0L but was: 2L")
public final class SessionPerPageNeverClosed implements Storefront {

    private final SessionFactory sessionFactory;

    public SessionPerPageNeverClosed(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public String productPage(long productId) {
        Session session = sessionFactory.openSession();
        Product product = session.createSelectionQuery("from Product p where p.id = :id", Product.class)
                .setParameter("id", productId)
                .getSingleResult();
        return product.getName() + ": " + product.getPriceCents() + " cents, " + product.getStock() + " in stock";
    }

    @Override
    public void reprice(long productId, long cents) {
        Session session = sessionFactory.openSession();
        session.inTransaction(tx -> session.find(Product.class, productId).reprice(cents));
    }

    @Override
    public void close() {
        // nothing kept, nothing to close
    }
}

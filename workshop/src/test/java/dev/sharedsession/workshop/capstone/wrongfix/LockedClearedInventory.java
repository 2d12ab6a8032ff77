package dev.sharedsession.workshop.capstone.wrongfix;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Product;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.capstone.Mailer;
import dev.sharedsession.workshop.capstone.Shop;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: the order is handed over after its commit, as values, but the inventory keeps its one
 * Session "to keep the products loaded", now behind a lock and cleared before each use. The
 * stock is read fresh and nothing overlaps, yet the Session opened at start-up is used by every
 * request and by the background.
 */
@WrongFix(is = "the inventory's one Session behind a lock, cleared before each use",
        caughtBy = "aDayWithASlowBackground",
        fails = "the order of Alice failed: dev.sharedsession.guard.SessionSharedAcrossThreadsException: "
                + "Session used by thread 'request-Alice' in Session.clear, but it belongs to thread 'startup' (session guard: CONFINED)")
public final class LockedClearedInventory implements Shop {

    private final SessionFactory sessionFactory;
    private final Executor background;
    private final Mailer mailer;
    private final Session products;

    public LockedClearedInventory(SessionFactory sessionFactory, Executor background, Mailer mailer) {
        this.sessionFactory = sessionFactory;
        this.background = background;
        this.mailer = mailer;
        this.products = sessionFactory.openSession();
    }

    @Override
    public long placeOrder(long customerId, String product, int quantity) {
        long price = priceFor(product, quantity);
        long orderId = sessionFactory.fromTransaction(session -> {
            PurchaseOrder order = new PurchaseOrder(session.getReference(Customer.class, customerId), price * quantity);
            session.persist(order);
            return order.getId();
        });
        background.execute(() -> {
            take(product, quantity);
            String name = sessionFactory.fromTransaction(session -> session.find(Customer.class, customerId).getName());
            mailer.send(name, "your order of " + quantity + " x " + product + " (" + price * quantity + " cents) is on its way");
        });
        return orderId;
    }

    private synchronized long priceFor(String name, int quantity) {
        products.clear(); // the wrong part: a fresh read, from a Session every thread uses
        Product product = product(name);
        if (product.getStock() < quantity) {
            throw new IllegalStateException("only " + product.getStock() + " of '" + name + "' in stock, " + quantity + " ordered");
        }
        return product.getPriceCents();
    }

    private synchronized void take(String name, int units) {
        products.clear();
        products.inTransaction(tx -> product(name).ship(units));
    }

    private Product product(String name) {
        return products.createSelectionQuery("from Product where name = :name", Product.class)
                .setParameter("name", name)
                .getSingleResult();
    }

    @Override
    public void restock(String product, int units) {
        sessionFactory.inTransaction(session -> session.createMutationQuery("update Product set stock = stock + :units where name = :name")
                .setParameter("units", units)
                .setParameter("name", product)
                .executeUpdate());
    }

    @Override
    public synchronized void close() {
        products.close();
    }
}

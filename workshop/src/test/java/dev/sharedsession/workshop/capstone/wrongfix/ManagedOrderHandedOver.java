package dev.sharedsession.workshop.capstone.wrongfix;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Product;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.capstone.Mailer;
import dev.sharedsession.workshop.capstone.Shop;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;

/**
 * Wrong: every Session is a unit of work's own now, and the customer is loaded (find, not
 * getReference) so the background never lazy-loads through the request's Session. But the
 * order is still handed over inside the request's transaction, as an entity that Session
 * still manages: the background can run before the order commits, and would send the mail
 * and take the stock for an order that then fails to commit.
 */
@WrongFix(is = "the order handed to the background as a managed entity, before its transaction commits",
        caughtBy = "aDayWithAQuickBackground",
        fails = "the background work of order 1 started before that order was committed (0 of 1 orders in the database)")
public final class ManagedOrderHandedOver implements Shop {

    private final SessionFactory sessionFactory;
    private final Executor background;
    private final Mailer mailer;

    public ManagedOrderHandedOver(SessionFactory sessionFactory, Executor background, Mailer mailer) {
        this.sessionFactory = sessionFactory;
        this.background = background;
        this.mailer = mailer;
    }

    @Override
    public long placeOrder(long customerId, String product, int quantity) {
        Product bought = sessionFactory.fromTransaction(session -> session
                .createSelectionQuery("from Product where name = :name", Product.class)
                .setParameter("name", product)
                .getSingleResult());
        if (bought.getStock() < quantity) {
            throw new IllegalStateException("only " + bought.getStock() + " of '" + product + "' in stock, " + quantity + " ordered");
        }
        return sessionFactory.fromTransaction(session -> {
            PurchaseOrder order = new PurchaseOrder(session.find(Customer.class, customerId), bought.getPriceCents() * quantity);
            session.persist(order);
            background.execute(() -> fulfil(order, product, quantity)); // the wrong part: before the commit, an entity
            return order.getId();
        });
    }

    private void fulfil(PurchaseOrder order, String product, int quantity) {
        addStock(product, -quantity);
        mailer.send(order.getCustomer().getName(), "your order of " + quantity + " x " + product + " ("
                + order.getAmountCents() + " cents) is on its way");
    }

    @Override
    public void restock(String product, int units) {
        addStock(product, units);
    }

    private void addStock(String product, int units) {
        sessionFactory.inTransaction(session -> session.createMutationQuery("update Product set stock = stock + :units where name = :name")
                .setParameter("units", units)
                .setParameter("name", product)
                .executeUpdate());
    }

    @Override
    public void close() {
        // no Session outlives its unit of work
    }
}

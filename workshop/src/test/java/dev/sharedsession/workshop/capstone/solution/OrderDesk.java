package dev.sharedsession.workshop.capstone.solution;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import org.hibernate.SessionFactory;

/** Takes orders, on the request threads. */
final class OrderDesk {

    private final SessionFactory sessionFactory;
    private final Inventory inventory;
    private final Fulfilment fulfilment;

    OrderDesk(SessionFactory sessionFactory, Inventory inventory, Fulfilment fulfilment) {
        this.sessionFactory = sessionFactory;
        this.inventory = inventory;
        this.fulfilment = fulfilment;
    }

    /** Saves the order, then lets fulfilment take over. Returns the order's id. */
    long place(long customerId, String product, int quantity) {
        long price = inventory.priceFor(product, quantity);
        long orderId = sessionFactory.fromTransaction(session -> {
            Customer customer = session.getReference(Customer.class, customerId); // the order only needs the link: no SELECT
            PurchaseOrder order = new PurchaseOrder(customer, price * quantity);
            session.persist(order);
            return order.getId();
        });
        // FIXED: handed over after the commit, and as values: the order's customer was a lazy
        // proxy bound to this request's Session, which the background then used from its own
        // thread (while this request was still committing) or found closed ("no session").
        fulfilment.orderPlaced(customerId, product, quantity, price * quantity);
        return orderId;
    }
}

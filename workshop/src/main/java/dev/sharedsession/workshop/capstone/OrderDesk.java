package dev.sharedsession.workshop.capstone;

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
        return sessionFactory.fromTransaction(session -> {
            Customer customer = session.getReference(Customer.class, customerId); // the order only needs the link: no SELECT
            PurchaseOrder order = new PurchaseOrder(customer, price * quantity);
            session.persist(order);
            fulfilment.orderPlaced(order, product, quantity);
            return order.getId();
        });
    }
}

package dev.sharedsession.workshop.capstone.solution;

import dev.sharedsession.model.Customer;
import dev.sharedsession.workshop.capstone.Mailer;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;

/** What happens after an order is placed, in the background: the customer need not wait for it. */
final class Fulfilment {

    private final SessionFactory sessionFactory;
    private final Inventory inventory;
    private final Mailer mailer;
    private final Executor background;

    Fulfilment(SessionFactory sessionFactory, Inventory inventory, Mailer mailer, Executor background) {
        this.sessionFactory = sessionFactory;
        this.inventory = inventory;
        this.mailer = mailer;
        this.background = background;
    }

    /** Runs on the request's thread, after its commit: hands over ids and values, never an entity. */
    void orderPlaced(long customerId, String product, int quantity, long amountCents) {
        background.execute(() -> {
            inventory.take(product, quantity);
            // FIXED: the task reads what it needs in a Session of its own, on its own thread.
            String name = sessionFactory.fromTransaction(session -> session.find(Customer.class, customerId).getName());
            mailer.send(name, confirmation(amountCents, product, quantity));
        });
    }

    static String confirmation(long amountCents, String product, int quantity) {
        return "your order of " + quantity + " x " + product + " (" + amountCents + " cents) is on its way";
    }
}

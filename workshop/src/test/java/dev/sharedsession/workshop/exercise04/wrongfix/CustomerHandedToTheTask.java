package dev.sharedsession.workshop.exercise04.wrongfix;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Receipt;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise04.Checkout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: the task opens a Session of its own, but is handed the request's customer instead of
 * its id. Counting the customer's orders lazy-loads them through the request's Session, from the
 * background thread; it works only if the request's page has loaded them already.
 */
@WrongFix(is = "the task's own Session, but the request's customer entity handed to it",
        caughtBy = "requestReturnsWhileTheTaskIsCommitting",
        fails = "Session used by thread 'background-worker' in lazy loading of Customer.orders, but it belongs to thread 'request' (session guard: CONFINED)")
public final class CustomerHandedToTheTask implements Checkout {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public CustomerHandedToTheTask(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Void> checkout(long customerId) {
        try (Session session = sessionFactory.openSession()) {
            Customer customer = session.find(Customer.class, customerId);
            CompletableFuture<Void> receipt = CompletableFuture.runAsync(() -> writeReceipt(customer), background);
            customer.getOrders().size();
            return receipt;
        }
    }

    private void writeReceipt(Customer customer) {
        sessionFactory.inTransaction(session -> session.persist(new Receipt(customer.getId(),
                "thank you, " + customer.getName() + ", for " + customer.getOrders().size() + " orders")));
    }
}

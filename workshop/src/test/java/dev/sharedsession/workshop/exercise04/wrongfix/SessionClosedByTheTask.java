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
 * Wrong: the request no longer closes its Session; the task closes it when the receipt is
 * written. Nothing is closed too early any more, but the request's Session is still used by
 * the background thread, while the request may still be rendering with it.
 */
@WrongFix(is = "the request's Session left open for the task, which closes it",
        caughtBy = "taskStartsAfterTheRequestReturned",
        fails = "Session used by thread 'background-worker' in SharedSessionContract.inTransaction, but it belongs to thread 'request' (session guard: CONFINED)")
public final class SessionClosedByTheTask implements Checkout {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public SessionClosedByTheTask(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Void> checkout(long customerId) {
        Session session = sessionFactory.openSession();
        Customer customer = session.find(Customer.class, customerId);
        CompletableFuture<Void> receipt = CompletableFuture.runAsync(() -> {
            try (session) {
                writeReceipt(session, customerId);
            }
        }, background);
        customer.getOrders().size();
        return receipt;
    }

    private static void writeReceipt(Session session, long customerId) {
        session.inTransaction(tx -> {
            Customer customer = session.find(Customer.class, customerId);
            long orders = session.createSelectionQuery(
                            "select count(*) from PurchaseOrder o where o.customer.id = :id", Long.class)
                    .setParameter("id", customerId).getSingleResult();
            session.persist(new Receipt(customerId, "thank you, " + customer.getName() + ", for " + orders + " orders"));
        });
    }
}

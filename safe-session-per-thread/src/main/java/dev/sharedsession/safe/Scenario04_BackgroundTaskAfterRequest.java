package dev.sharedsession.safe;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Receipt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 4, safe: a background task after the request closed its Session.
 *
 * <p>The story is the same: a checkout request (thread {@code request}) loads the customer,
 * hands "write the receipt" to a background executor (thread {@code background-worker}),
 * renders its page and closes its Session.
 *
 * <p>The fix. The request hands over only the customer's <em>id</em>. The task opens its own
 * Session from the shared SessionFactory (the one thread-safe object in the picture) with
 * {@code sessionFactory.inTransaction(...)}, which begins, commits (or rolls back on failure)
 * and closes it: its own persistence context, its own connection, its own transaction. When
 * the request's Session closes no longer matters. What the task needs from lazy associations
 * it loads itself, in one query ({@code join fetch}). Its failure travels back to the caller
 * through the returned future instead of vanishing.
 */
public final class Scenario04_BackgroundTaskAfterRequest {

    private static final Logger log = LoggerFactory.getLogger(Scenario04_BackgroundTaskAfterRequest.class);


    /** What a receipt mentions when the task is handed the customer. */
    public enum Summary { ORDER_COUNT, REGION }

    /** What the request returns: the page it rendered, and the task it handed off. */
    public record Checkout(int ordersShown, CompletableFuture<Void> receipt) {
    }

    private final SessionFactory sessionFactory;
    private final Executor background;

    public Scenario04_BackgroundTaskAfterRequest(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /** The request, on the request thread. */
    public Checkout checkout(long customerId) {
        try (Session session = sessionFactory.openSession()) {
            Customer customer = session.find(Customer.class, customerId);
            log.info("loaded customer {}; handing the receipt to the background", customer.getName());
            // SAFE: only the id crosses the thread boundary; the task opens its own Session.
            CompletableFuture<Void> receipt =
                    CompletableFuture.runAsync(() -> writeReceipt(customerId), background);
            int orders = customer.getOrders().size(); // rendering the page: a lazy load through the Session
            log.info("rendered {} orders; closing the Session", orders);
            return new Checkout(orders, receipt);
        }
    }

    /** The background task, on the background thread, in a Session of its own. */
    private void writeReceipt(long customerId) {
        sessionFactory.inTransaction(session -> {
            Customer customer = session.find(Customer.class, customerId);
            long orders = session.createSelectionQuery(
                            "select count(*) from PurchaseOrder o where o.customer.id = :id", Long.class)
                    .setParameter("id", customerId).getSingleResult();
            if (orders == 0) {
                throw new IllegalStateException("customer " + customerId + " has no orders: no receipt to write");
            }
            session.persist(new Receipt(customerId, "thank you, " + customer.getName() + ", for " + orders + " orders"));
            log.info("receipt written; committing");
        });
    }

    /** A variant of the request whose task needs the customer's lazy associations. */
    public Checkout checkoutWithSummary(long customerId, Summary summary) {
        try (Session session = sessionFactory.openSession()) {
            Customer customer = session.find(Customer.class, customerId);
            log.info("loaded customer {}; handing its id to the background", customer.getName());
            // SAFE: the id is handed over, not the entity.
            CompletableFuture<Void> receipt =
                    CompletableFuture.runAsync(() -> writeSummary(customerId, summary), background);
            return new Checkout(0, receipt);
        }
    }

    /** The task loads what it needs, in its own Session, in one query. */
    private void writeSummary(long customerId, Summary summary) {
        sessionFactory.inTransaction(session -> {
            Customer customer = session.createSelectionQuery(
                            "from Customer c join fetch c.region left join fetch c.orders where c.id = :id", Customer.class)
                    .setParameter("id", customerId).getSingleResult();
            String text = switch (summary) {
                case ORDER_COUNT -> customer.getOrders().size() + " orders";
                case REGION -> "region " + customer.getRegion().getLabel();
            };
            session.persist(new Receipt(customerId, text));
        });
    }
}

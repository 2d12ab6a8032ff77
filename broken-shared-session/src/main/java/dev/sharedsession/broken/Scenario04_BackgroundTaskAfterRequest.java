package dev.sharedsession.broken;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Receipt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 4, broken: a background task after the request closed its Session.
 *
 * <p>The story. A checkout request (thread {@code request}) opens a Session, loads the
 * customer, hands "write the receipt" to a background executor (thread
 * {@code background-worker}), renders its page (the customer's orders, a lazy load) and
 * closes its Session. The mistake: it hands the task <em>its own Session</em>, or an entity
 * that Session loaded.
 *
 * <p>What breaks. A Session is one unit of work owned by one thread: it holds the persistence
 * context, the action queue and the JDBC connection of that unit of work, and none of it is
 * thread-safe. When the request's try-with-resources ends, {@code close()} ends the Session
 * immediately (native bootstrap: the connection goes back to the pool) and the task is left
 * holding a dead object:
 * <ul>
 *   <li>a task that starts after the close fails on its first call:
 *       {@code IllegalStateException: Session/EntityManager is closed};</li>
 *   <li>a task already inside its commit when the request closes fails half-way through the
 *       flush and its receipt is lost (see the test for the exact exception);</li>
 *   <li>a task handed the loaded {@code Customer} fails when it touches a lazy association,
 *       because lazy loading needs the Session that loaded the entity:
 *       {@code LazyInitializationException}.</li>
 * </ul>
 * If the task happens to finish before the request closes, the same code works: that is why
 * this bug passes tests on a laptop and fails in production.
 *
 * <p>The fix, in {@code safe-session-per-thread}: hand over ids, and let the task open its own
 * Session from the shared, thread-safe SessionFactory.
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
            // BROKEN: the task gets this request's Session. It is not thread-safe, and it ends
            // when this try-block ends, whatever the task is doing with it at that moment.
            CompletableFuture<Void> receipt =
                    CompletableFuture.runAsync(() -> writeReceipt(session, customerId), background);
            int orders = customer.getOrders().size(); // rendering the page: a lazy load through the Session
            log.info("rendered {} orders; closing the Session", orders);
            return new Checkout(orders, receipt);
        }
    }

    /** The background task, on the background thread, through the request's Session. */
    private static void writeReceipt(Session session, long customerId) {
        session.inTransaction(tx -> {
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

    /** A variant of the request that hands the task the loaded entity instead. */
    public Checkout checkoutWithSummary(long customerId, Summary summary) {
        try (Session session = sessionFactory.openSession()) {
            Customer customer = session.find(Customer.class, customerId);
            log.info("loaded customer {}; handing it to the background", customer.getName());
            // BROKEN: the entity is handed over; its lazy orders and region can only be loaded
            // through the Session that loaded it, which closes at the end of this block.
            CompletableFuture<Void> receipt =
                    CompletableFuture.runAsync(() -> writeSummary(customer, summary), background);
            return new Checkout(0, receipt);
        }
    }

    /** The task writes through a Session of its own, but reads the handed-over entity. */
    private void writeSummary(Customer customer, Summary summary) {
        String text = switch (summary) {
            case ORDER_COUNT -> customer.getOrders().size() + " orders";   // lazy collection
            case REGION -> "region " + customer.getRegion().getLabel();    // lazy to-one proxy
        };
        sessionFactory.inTransaction(session -> session.persist(new Receipt(customer.getId(), text)));
    }
}

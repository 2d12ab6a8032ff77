package dev.sharedsession.safe;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Customer;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.model.Receipt;
import dev.sharedsession.common.race.GatedExecutor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
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

    /** Checkouts of the natural run, each handing off one task, unless told otherwise. */
    public static final int DEFAULT_THREADS = 1;

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

    /** One natural run with {@value #DEFAULT_THREADS} checkout: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) throws InterruptedException {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: {@code threads} checkouts at once, each for a customer of
     * its own, each handing its receipt to a background thread; requests and tasks race as the
     * scheduler decides. Goes wrong if a task fails or a receipt is not in the database.
     */
    public static Outcome runNaturally(Database db, int threads) throws InterruptedException {
        NaturalRuns.requireThreads(threads);
        List<Long> customers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2));
        }
        Outcome tasks = NaturalRuns.handOffs(db, threads, (background, request) ->
                new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background)
                        .checkout(customers.get(request - 1)).receipt());
        String ids = customers.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return tasks.wentWrong() ? tasks
                : Outcome.expectCount(db, "select count(*) from Receipt where customer_id in (" + ids + ")", threads);
    }

    /**
     * The headline, forced: the background task starts only after the request has closed its
     * Session. The task opens a Session of its own and writes
     * the receipt: ok.
     */
    public static Outcome runForced(Database db) throws InterruptedException {
        long customerId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.held("background-worker", 1)) {
            var shop = new Scenario04_BackgroundTaskAfterRequest(db.sessionFactory(), background);
            Checkout checkout = race.start("request", () -> shop.checkout(customerId)).join(); // its Session is closed now
            background.open();                           // only now does the task start
            Outcome task = Outcome.of(checkout.receipt(), db.pauses().timeout(), "background-worker");
            return task.wentWrong() ? task
                    : Outcome.expectCount(db, "select count(*) from Receipt where customer_id = " + customerId, 1);
        }
    }
}

package dev.sharedsession.safe;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.model.Receipt;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 12, safe: background work that leaves connections for the requests.
 *
 * <p>The story is the same: background workers write monthly statements (load the customer,
 * render slowly with no need of the database, save), while requests ({@code request},
 * {@code request-1}...) place orders. The pool has two connections; a thread waits at most
 * 500 ms for one.
 *
 * <p>The fix has two parts.
 * <ul>
 *   <li><b>Acquire late, release early.</b> A Session in a transaction holds a connection from
 *       {@code begin} to {@code commit}, so the slow work must not happen inside one. The task
 *       reads what it needs in one short {@code fromTransaction}, renders with no Session open
 *       (no connection held), and writes in a second short {@code inTransaction}. The price: the
 *       two units of work are not one transaction, so the write must not depend on the read
 *       still being true (here it only needs the customer's id and name).</li>
 *   <li><b>Fewer background threads than connections.</b> Even short units of work can take the
 *       whole pool if there are as many background threads as connections. With
 *       {@link #backgroundThreadsFor} at one less than the pool size, the background can hold at
 *       most {@code poolSize - 1} connections at once, and a request always finds one.</li>
 * </ul>
 */
public final class Scenario12_PoolStarvation {

    private static final Logger log = LoggerFactory.getLogger(Scenario12_PoolStarvation.class);

    /** Slow work that needs no database: rendering a statement, calling a remote service. */
    @FunctionalInterface
    public interface SlowWork {
        String render(String customerName) throws InterruptedException;
    }

    private final SessionFactory sessionFactory;
    private final Executor background;
    private final SlowWork slowWork;

    public Scenario12_PoolStarvation(SessionFactory sessionFactory, Executor background, SlowWork slowWork) {
        this.sessionFactory = sessionFactory;
        this.background = background;
        this.slowWork = slowWork;
    }

    /** The settings this scenario runs on: {@code base} with a pool of two and a 500 ms wait for a connection. */
    public static Database.Settings smallPool(Database.Settings base) {
        return base.withPoolSize(2).withConnectionTimeout(Duration.ofMillis(500));
    }

    /** How many background threads to run beside a pool of {@code poolSize}: fewer than its connections. */
    public static int backgroundThreadsFor(int poolSize) {
        if (poolSize < 2) {
            throw new IllegalArgumentException("a pool of " + poolSize + " leaves no connection for requests beside background work");
        }
        return poolSize - 1; // SAFE: at least one connection is always left for the requests
    }

    /** Hands "write this customer's statement" to the background. */
    public CompletableFuture<Void> submitStatement(long customerId) {
        return CompletableFuture.runAsync(() -> writeStatement(customerId), background);
    }

    /** The background task: two short units of work, and the slow part between them. */
    void writeStatement(long customerId) {
        String name = sessionFactory.fromTransaction(session -> session.find(Customer.class, customerId).getName());
        // SAFE: no Session is open here, so no connection is held while we wait.
        String text = render(name);
        sessionFactory.inTransaction(session -> session.persist(new Receipt(customerId, text)));
        log.info("statement written for customer {}", customerId);
    }

    private String render(String customerName) {
        try {
            return slowWork.render(customerName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the statement for " + customerName, e);
        }
    }

    /** The request: one short unit of work that places an order. */
    public long placeOrder(long customerId, long amountCents) {
        return sessionFactory.fromTransaction(session -> {
            PurchaseOrder order = new PurchaseOrder(session.getReference(Customer.class, customerId), amountCents);
            session.persist(order);
            return order.getId();
        });
    }
}

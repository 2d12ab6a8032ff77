package dev.sharedsession.broken;

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
 * Scenario 12, broken: background work starves the requests of connections.
 *
 * <p>The story. Sessions are per thread, opened and closed with {@code inTransaction}: by the
 * book. Background workers ({@code background-worker}, {@code background-worker-2}) write
 * monthly statements: load the customer, render the statement (slow work that needs no
 * database: a PDF renderer, a call to a payment provider), save it. Meanwhile requests
 * ({@code request}, {@code request-1}...) place orders, each a unit of work of a few
 * milliseconds. The pool has two connections; a thread waits at most 500 ms for one.
 *
 * <p>What breaks. A Session in a transaction holds one JDBC connection from {@code begin} to
 * {@code commit}: with a resource-local transaction Hibernate takes it from the pool when the
 * transaction begins, to switch auto-commit off, and gives it back only when the transaction
 * ends. The statement task renders <em>inside</em> its transaction, so while it waits on the
 * renderer it holds a connection doing nothing. Two workers, two connections: the pool is empty
 * for as long as the rendering takes, and every request times out:
 * {@code org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection
 * [pool-3 - Connection is not available, request timed out after 501ms (total=2, active=2,
 * idle=0, waiting=0)] [n/a]} (on 7.4.15 with HikariCP 7; its cause is HikariCP's
 * {@code java.sql.SQLTransientConnectionException} with the text in brackets). And even with no
 * slow work at all, a background executor with as many threads as the pool has connections
 * can take every connection at once.
 *
 * <p>The fix, in {@code safe-session-per-thread}: acquire late, release early (read in one
 * short unit of work, do the slow work with no Session open, write in another), and a
 * background executor with fewer threads than the pool has connections, so requests always
 * find one.
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

    /** How many background threads to run beside a pool of {@code poolSize}: one per connection. */
    public static int backgroundThreadsFor(int poolSize) {
        return poolSize; // BROKEN: "one worker per connection" leaves none for the requests
    }

    /** Hands "write this customer's statement" to the background. */
    public CompletableFuture<Void> submitStatement(long customerId) {
        return CompletableFuture.runAsync(() -> writeStatement(customerId), background);
    }

    /** The background task: one unit of work around the whole job. */
    void writeStatement(long customerId) {
        sessionFactory.inTransaction(session -> {
            Customer customer = session.find(Customer.class, customerId);
            // BROKEN: the slow work runs inside the transaction, so the Session's connection
            // stays checked out, idle, for as long as it takes.
            String text = render(customer.getName());
            session.persist(new Receipt(customerId, text));
        });
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

package dev.sharedsession.workshop.exercise12;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Receipt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;

/**
 * Exercise 12, starting point: monthly statements written in the background.
 *
 * <p>YOUR TASK: the pool has two connections. While two statements render, a request that
 * places an order waits 500 ms for a connection and fails with "Unable to acquire JDBC
 * Connection". Let requests through while statements render. The check forces one
 * interleaving: two statements are submitted to two background threads and both renders are
 * held (a latch, not a sleep) until a request has placed its order; then the renders finish.
 * It expects the order and both statements in the database and no connection left checked
 * out. Change only this file. Check with {@code ./exercise check 12}; page:
 * docs/workshop/exercise-12-pool-starvation.md.
 */
public final class MonthlyStatements implements Statements {

    private final SessionFactory sessionFactory;
    private final Executor background;
    private final SlowWork slowWork;

    public MonthlyStatements(SessionFactory sessionFactory, Executor background, SlowWork slowWork) {
        this.sessionFactory = sessionFactory;
        this.background = background;
        this.slowWork = slowWork;
    }

    @Override
    public CompletableFuture<Void> submitStatement(long customerId) {
        return CompletableFuture.runAsync(() -> writeStatement(customerId), background);
    }

    /** Runs on a background thread. */
    private void writeStatement(long customerId) {
        sessionFactory.inTransaction(session -> {
            Customer customer = session.find(Customer.class, customerId);
            String text = render(customer.getName()); // slow, and needs no database
            session.persist(new Receipt(customerId, text));
        });
    }

    private String render(String customerName) {
        try {
            return slowWork.render(customerName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the statement for " + customerName, e);
        }
    }
}

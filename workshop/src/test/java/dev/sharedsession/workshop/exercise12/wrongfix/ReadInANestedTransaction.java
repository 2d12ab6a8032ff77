package dev.sharedsession.workshop.exercise12.wrongfix;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Receipt;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise12.Statements;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;

/**
 * Wrong: the read moved into a short transaction of its own, but inside the writing one, which
 * still spans the rendering. The outer transaction took its connection at begin and holds it
 * through the slow work; the inner one needs a second connection, which two workers on a pool
 * of two do not both get.
 */
@WrongFix(is = "the read moved into a short transaction of its own, inside the one that renders and writes",
        caughtBy = "aRequestGetsAConnectionWhileStatementsRender",
        fails = "failed: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection")
public final class ReadInANestedTransaction implements Statements {

    private final SessionFactory sessionFactory;
    private final Executor background;
    private final SlowWork slowWork;

    public ReadInANestedTransaction(SessionFactory sessionFactory, Executor background, SlowWork slowWork) {
        this.sessionFactory = sessionFactory;
        this.background = background;
        this.slowWork = slowWork;
    }

    @Override
    public CompletableFuture<Void> submitStatement(long customerId) {
        return CompletableFuture.runAsync(() -> writeStatement(customerId), background);
    }

    private void writeStatement(long customerId) {
        sessionFactory.inTransaction(session -> {
            String name = sessionFactory.fromTransaction(read -> read.find(Customer.class, customerId).getName());
            String text = render(name);
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

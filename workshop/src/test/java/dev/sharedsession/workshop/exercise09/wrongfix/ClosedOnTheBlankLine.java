package dev.sharedsession.workshop.exercise09.wrongfix;

import dev.sharedsession.model.Receipt;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise09.Imports;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: the current Session closed where the blank line is found, and nowhere else: no
 * rollback, no {@code finally}. Any other failure leaves the Session bound to the pool thread,
 * its transaction open, for the next task there to join.
 */
@WrongFix(is = "the current Session closed on the blank-line path only",
        caughtBy = "anyFailureEndsItsUnitOfWork",
        fails = "[the receipts in the database after Alice's upload broke off and Bob's batch]")
public final class ClosedOnTheBlankLine implements Imports {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public ClosedOnTheBlankLine(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Integer> submitImport(long customerId, List<String> lines) {
        return CompletableFuture.supplyAsync(() -> importReceipts(customerId, lines), background);
    }

    @Override
    public int importReceipts(long customerId, List<String> lines) {
        Session session = sessionFactory.getCurrentSession();
        session.beginTransaction();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                session.close();
                throw new IllegalArgumentException("line " + (i + 1) + " of the batch for customer " + customerId + " is blank");
            }
            sessionFactory.getCurrentSession().persist(new Receipt(customerId, line));
        }
        session.getTransaction().commit();
        return lines.size();
    }
}

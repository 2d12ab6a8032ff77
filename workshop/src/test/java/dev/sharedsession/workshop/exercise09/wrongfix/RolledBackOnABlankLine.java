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
 * Wrong: the transaction rolled back when the batch's own exception comes by, and only then.
 * Ending the transaction unbinds and closes the current Session; any other exception leaves both
 * bound to the pool thread.
 */
@WrongFix(is = "a rollback in a catch of the blank line's IllegalArgumentException only",
        caughtBy = "anyFailureEndsItsUnitOfWork",
        fails = "[the receipts in the database after Alice's upload broke off and Bob's batch]")
public final class RolledBackOnABlankLine implements Imports {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public RolledBackOnABlankLine(SessionFactory sessionFactory, Executor background) {
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
        try {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    throw new IllegalArgumentException("line " + (i + 1) + " of the batch for customer " + customerId + " is blank");
                }
                sessionFactory.getCurrentSession().persist(new Receipt(customerId, line));
            }
        } catch (IllegalArgumentException blankLine) {
            session.getTransaction().rollback();
            throw blankLine;
        }
        session.getTransaction().commit();
        return lines.size();
    }
}

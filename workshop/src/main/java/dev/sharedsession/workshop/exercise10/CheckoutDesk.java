package dev.sharedsession.workshop.exercise10;

import dev.sharedsession.model.Receipt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.hibernate.SessionFactory;

/**
 * Exercise 10, starting point: the receipt is written in the background.
 *
 * <p>YOUR TASK: a customer's long note makes the receipt's INSERT fail, and the caller is told
 * "done" anyway: the receipt is missing and nobody knows why. Make the failure reach the
 * caller, with its real cause. The check runs three checkouts, one after another, on one
 * background thread, the second with a note too long for the receipt's column: the first and
 * third futures must complete, the second must fail with Hibernate's {@code DataException},
 * and exactly the first and third receipts must be in the database. Change only this file.
 * Check with {@code ./exercise check 10}; page: docs/workshop/exercise-10-swallowed-failure.md.
 */
public final class CheckoutDesk implements ReceiptDesk {

    private final SessionFactory sessionFactory;
    private final ExecutorService background;

    public CheckoutDesk(SessionFactory sessionFactory, ExecutorService background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Void> checkout(long customerId, String note) {
        background.submit(() -> writeReceipt(customerId, note));
        return CompletableFuture.completedFuture(null); // "done!"
    }

    /** Runs on the background thread, in a Session of its own. */
    private void writeReceipt(long customerId, String note) {
        sessionFactory.inTransaction(session -> session.persist(new Receipt(customerId, ReceiptDesk.receiptText(note))));
    }
}

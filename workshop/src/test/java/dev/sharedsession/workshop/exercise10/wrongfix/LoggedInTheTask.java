package dev.sharedsession.workshop.exercise10.wrongfix;

import dev.sharedsession.model.Receipt;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise10.ReceiptDesk;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wrong: the task catches its failure and logs it; the caller is still told "done". */
@WrongFix(is = "the task's failure caught and logged, the caller told done",
        caughtBy = "theFailedReceiptReachesItsCaller",
        fails = "Expecting actual: \"completed\" to start with: \"failed: org.hibernate.exception.DataException: could not execute statement\"")
public final class LoggedInTheTask implements ReceiptDesk {

    private static final Logger log = LoggerFactory.getLogger(LoggedInTheTask.class);

    private final SessionFactory sessionFactory;
    private final ExecutorService background;

    public LoggedInTheTask(SessionFactory sessionFactory, ExecutorService background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Void> checkout(long customerId, String note) {
        background.submit(() -> {
            try {
                sessionFactory.inTransaction(session -> session.persist(new Receipt(customerId, ReceiptDesk.receiptText(note))));
            } catch (RuntimeException e) {
                log.debug("the receipt of customer {} was not written", customerId, e);
            }
        });
        return CompletableFuture.completedFuture(null);
    }
}

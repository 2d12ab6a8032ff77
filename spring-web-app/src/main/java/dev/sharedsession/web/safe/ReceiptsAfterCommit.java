package dev.sharedsession.web.safe;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The receipt in the default mode ({@code shop.receipts=in-process}): an {@code @Async} task on this
 * JVM's executor, handed the order's id once the order committed. Enough while the JVM lives; a
 * task queued or running when it stops is gone, with no trace (see {@link DurableReceipts}).
 */
@Component
@ConditionalOnProperty(name = "shop.receipts", havingValue = "in-process", matchIfMissing = true)
public class ReceiptsAfterCommit {

    private final BackgroundWork work;
    private final ReceiptWriter receipts;

    ReceiptsAfterCommit(BackgroundWork work, ReceiptWriter receipts) {
        this.work = work;
        this.receipts = receipts;
    }

    @Async
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void issueReceipt(OrderPlaced placed) {
        work.attempt(placed.orderId(), "receipt", () -> receipts.issue(placed.orderId()));
    }
}

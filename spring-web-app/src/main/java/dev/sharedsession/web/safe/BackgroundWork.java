package dev.sharedsession.web.safe;

import dev.sharedsession.model.Counter;
import dev.sharedsession.web.shared.BackgroundFailure;
import dev.sharedsession.web.shared.Receipts;
import dev.sharedsession.web.shared.Shipment;
import dev.sharedsession.web.shared.StockReservation;
import jakarta.persistence.EntityManager;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background work, handed an id after the order committed (the receipt: {@link ReceiptsAfterCommit},
 * or in the durable mode {@link DurableReceipts}). Each task opens a transaction (and
 * so an EntityManager, a Session) of its own on its own thread, loads what it needs with an
 * explicit fetch plan, and ends it before it returns: no Session is ever seen by two threads. A
 * task that fails is recorded in a transaction of its own ({@link BackgroundFailure}), where
 * {@code GET /orders/{id}} shows it; the log line is extra, not the only trace.
 */
@Component
public class BackgroundWork {

    private static final Logger log = LoggerFactory.getLogger(BackgroundWork.class);

    private final EntityManager entityManager;
    private final TransactionTemplate transaction;
    private final ReceiptWriter receipts;

    BackgroundWork(EntityManager entityManager, PlatformTransactionManager transactions, ReceiptWriter receipts) {
        this.entityManager = entityManager;
        this.transaction = new TransactionTemplate(transactions);
        this.receipts = receipts;
    }

    @Async
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void addLoyaltyPoint(OrderPlaced placed) {
        run(placed.orderId(), "loyalty", orderId -> {
            long customerId = entityManager.createQuery(
                            "select o.customer.id from PurchaseOrder o where o.id = :id", Long.class)
                    .setParameter("id", orderId).getSingleResult();
            String label = Receipts.loyaltyLabel(customerId);
            Counter points = entityManager.createQuery("select c from Counter c where c.label = :label", Counter.class)
                    .setParameter("label", label).getResultStream().findFirst().orElseGet(() -> {
                        Counter fresh = new Counter(label);
                        entityManager.persist(fresh);
                        return fresh;
                    });
            points.increment();
        });
    }

    /**
     * The carrier's estimate (trap 3), after the shipment committed: the task loads the shipment by
     * its order's id in its own transaction and sets the estimate alone. {@code @DynamicUpdate} on
     * {@link Shipment} makes the UPDATE name that column only: an address changed meanwhile stays.
     */
    @Async
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void estimateDelivery(ShipmentRequested requested) {
        run(requested.orderId(), "estimate", orderId -> {
            String region = entityManager.createQuery(
                            "select r.label from PurchaseOrder o join o.customer c join c.region r where o.id = :id", String.class)
                    .setParameter("id", orderId).getSingleResult();
            entityManager.createQuery("select s from Shipment s where s.orderId = :id", Shipment.class)
                    .setParameter("id", orderId).getSingleResult()
                    .setEstimate(Shipment.estimateFor(region));
        });
    }

    /** Stock for a large order (trap 4): only once the order committed, never for one that rolled back. */
    @Async
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void reserveStock(LargeOrderPlaced placed) {
        run(placed.orderId(), "stock", orderId -> {
            long amountCents = entityManager.createQuery("select o.amountCents from PurchaseOrder o where o.id = :id", Long.class)
                    .setParameter("id", orderId).getSingleResult();
            entityManager.persist(new StockReservation(orderId, amountCents));
        });
    }

    /**
     * {@code POST /orders/{id}/receipt} (trap 5): the same injected EntityManager, but inside a
     * transaction of this thread's own ({@link ReceiptWriter}), so the reads and the persist share
     * one EntityManager and its transaction commits the receipt.
     */
    @Async
    public void issueMissingReceipt(long orderId) {
        attempt(orderId, "receipt", () -> receipts.issue(orderId));
    }

    /** One task: its own transaction; if it fails, the failure is written down in another one. */
    private void run(long orderId, String work, Consumer<Long> task) {
        attempt(orderId, work, () -> transaction.executeWithoutResult(status -> task.accept(orderId)));
    }

    /** A task that opens its own transactions; if it fails, the failure is written down. */
    void attempt(long orderId, String work, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            record(orderId, work, e);
        }
    }

    /** Writes a failure down where {@code GET /orders/{id}} shows it, in a transaction of its own; logs it too. */
    void record(long orderId, String work, Throwable failure) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        log.warn("order {}: {} failed: {}", orderId, work, reason);
        transaction.executeWithoutResult(status -> entityManager.persist(new BackgroundFailure(orderId, work, reason)));
    }
}

package dev.sharedsession.web.safe;

import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.model.Receipt;
import dev.sharedsession.web.shared.Receipts;
import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An order's receipt, written at most once whoever asks: the task after the commit, a repeated
 * {@code POST /orders/{id}/receipt}, a durable job run again after its worker died. Each call is a
 * transaction (so an EntityManager, a Session) of its own on the caller's thread, given only the
 * order's id. The check for an existing receipt saves work; what makes "once" true is the unique
 * {@code order_id} of the receipt table: two attempts that both passed the check race to commit,
 * and the database refuses the second.
 */
@Component
public class ReceiptWriter {

    private final EntityManager entityManager;
    private final TransactionTemplate transaction;

    ReceiptWriter(EntityManager entityManager, PlatformTransactionManager transactions) {
        this.entityManager = entityManager;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Writes the order's receipt unless it has one; true if this call wrote it. */
    public boolean issue(long orderId) {
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                if (exists(orderId)) {
                    return false;
                }
                // The fetch plan loads what the text needs in one select: nothing lazy is left for later.
                PurchaseOrder order = entityManager.createQuery(
                                "select o from PurchaseOrder o join fetch o.customer c join fetch c.region where o.id = :id",
                                PurchaseOrder.class)
                        .setParameter("id", orderId).getSingleResult();
                entityManager.persist(new Receipt(order.getCustomer().getId(), orderId, Receipts.text(orderId,
                        order.getAmountCents(), order.getCustomer().getName(), order.getCustomer().getRegion().getLabel())));
                return true;
            }));
        } catch (RuntimeException e) {
            // Refused by the unique order_id: another attempt committed this receipt after our check.
            try {
                if (Boolean.TRUE.equals(transaction.execute(status -> exists(orderId)))) {
                    return false;
                }
            } catch (RuntimeException recheck) {
                e.addSuppressed(recheck);
            }
            throw e;
        }
    }

    private boolean exists(long orderId) {
        return !entityManager.createQuery("select r.id from Receipt r where r.orderId = :id", Long.class)
                .setParameter("id", orderId).getResultList().isEmpty();
    }
}

package dev.sharedsession.web.broken;

import dev.sharedsession.model.Counter;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.model.Receipt;
import dev.sharedsession.web.shared.Receipts;
import dev.sharedsession.web.shared.Shipment;
import dev.sharedsession.web.shared.StockReservation;
import jakarta.persistence.EntityManager;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The background work, handed the request's entity. {@code @Transactional} gives this thread an
 * EntityManager of its own for what it writes, but the entity it was handed still belongs to the
 * request's EntityManager: its lazy proxies load through <em>that</em> Session, from this thread.
 * <ul>
 * <li>While the request is still writing its response (open-in-view on), the request thread uses
 *     that Session too: one Session, its persistence context and its JDBC connection, on two
 *     threads at once (trap 1).</li>
 * <li>After the request ended, the Session is closed: LazyInitializationException. The method
 *     returns void, so Spring's {@code AsyncUncaughtExceptionHandler} only logs it (trap 2).</li>
 * </ul>
 */
@Component
public class BackgroundWork {

    private final EntityManager entityManager;

    BackgroundWork(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Async
    @Transactional
    public void issueReceipt(PurchaseOrder order) {
        Customer customer = order.getCustomer();
        // getRegion() is a lazy proxy of the request's Session: getLabel() loads it from this thread.
        String text = Receipts.text(order.getId(), order.getAmountCents(), customer.getName(), customer.getRegion().getLabel());
        entityManager.persist(new Receipt(customer.getId(), text));
    }

    @Async
    @Transactional
    public void addLoyaltyPoint(PurchaseOrder order) {
        String label = Receipts.loyaltyLabel(order.getCustomer().getId());
        Counter points = entityManager.createQuery("select c from Counter c where c.label = :label", Counter.class)
                .setParameter("label", label).getResultStream().findFirst().orElseGet(() -> {
                    Counter fresh = new Counter(label);
                    entityManager.persist(fresh);
                    return fresh;
                });
        points.increment();
    }

    /** The carrier's estimate, written onto the shipment the request created (trap 3). */
    @Async
    @Transactional
    public void estimateDelivery(Shipment shipment) {
        String region = entityManager.createQuery(
                        "select r.label from PurchaseOrder o join o.customer c join c.region r where o.id = :id", String.class)
                .setParameter("id", shipment.getOrderId()).getSingleResult();
        shipment.setEstimate(Shipment.estimateFor(region));
        entityManager.merge(shipment);      // every field of the request's copy, its address too
    }

    /** Sets stock aside for a large order: started by {@code OrderService.place}, before its commit (trap 4). */
    @Async
    @Transactional
    public void reserveStock(long orderId, long amountCents) {
        entityManager.persist(new StockReservation(orderId, amountCents));
    }

    /**
     * {@code POST /orders/{id}/receipt}: writes the receipt an order lacks. No {@code @Transactional}
     * (trap 5): the reads work, each on an EntityManager of its own, closed after the call; persist
     * throws TransactionRequiredException.
     */
    @Async
    public void issueMissingReceipt(long orderId) {
        PurchaseOrder order = entityManager.createQuery(
                        "select o from PurchaseOrder o join fetch o.customer c join fetch c.region where o.id = :id",
                        PurchaseOrder.class)
                .setParameter("id", orderId).getSingleResult();
        long receipts = entityManager.createQuery("select count(r) from Receipt r where r.message like :prefix", Long.class)
                .setParameter("prefix", Receipts.prefix(orderId) + "%").getSingleResult();
        if (receipts == 0) {
            Customer customer = order.getCustomer();
            entityManager.persist(new Receipt(customer.getId(), Receipts.text(orderId, order.getAmountCents(),
                    customer.getName(), customer.getRegion().getLabel())));
        }
    }
}

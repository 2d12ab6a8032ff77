package dev.sharedsession.web.broken;

import dev.sharedsession.model.Counter;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.web.shared.NewOrder;
import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Receipts;
import dev.sharedsession.web.shared.Stats;
import jakarta.persistence.EntityManager;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and reports them. Returns the entity: the caller decides what to do with it. */
@Service
public class OrderService {

    private final EntityManager entityManager;

    OrderService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public PurchaseOrder place(NewOrder body) {
        Customer customer = entityManager.find(Customer.class, body.customerId());
        if (customer == null) {
            throw new NoSuchElementException("no customer " + body.customerId());
        }
        PurchaseOrder order = new PurchaseOrder(customer, body.amountCents());
        entityManager.persist(order);
        return order;
    }

    /** What the client can know: the receipt if there is one, else "pending". Never why. */
    @Transactional(readOnly = true)
    public OrderState state(long id) {
        PurchaseOrder order = entityManager.find(PurchaseOrder.class, id);
        if (order == null) {
            throw new NoSuchElementException("no order " + id);
        }
        String receipt = entityManager.createQuery("select r.message from Receipt r where r.message like :prefix", String.class)
                .setParameter("prefix", Receipts.prefix(id) + "%")
                .getResultStream().findFirst().orElse("pending");
        return new OrderState(id, order.getCustomer().getName(), order.getAmountCents(), receipt,
                loyaltyPoints(order.getCustomer().getId()));
    }

    @Transactional(readOnly = true)
    public Stats stats() {
        return new Stats(count("select count(o) from PurchaseOrder o"), count("select count(r) from Receipt r"), 0,
                count("select coalesce(sum(c.hits), 0) from Counter c where c.label like 'loyalty points of %'"));
    }

    private long loyaltyPoints(long customerId) {
        return entityManager.createQuery("select c from Counter c where c.label = :label", Counter.class)
                .setParameter("label", Receipts.loyaltyLabel(customerId))
                .getResultStream().findFirst().map(Counter::getHits).orElse(0L);
    }

    private long count(String jpql) {
        return ((Number) entityManager.createQuery(jpql).getSingleResult()).longValue();
    }
}

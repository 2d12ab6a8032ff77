package dev.sharedsession.web.shared;

import dev.sharedsession.model.PurchaseOrder;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reads that are the same in both shops: no entity leaves them and no background work starts
 * from them, so they are not part of the lesson and live here once, not in each {@code OrderService}.
 * Each is a read-only transaction of the calling thread; called from one that already runs (placing
 * a shipment), it joins it.
 */
@Service
public class ShopQueries {

    private final EntityManager entityManager;

    ShopQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Throws NoSuchElementException (404) unless the order exists. */
    @Transactional(readOnly = true)
    public void requireOrder(long id) {
        if (entityManager.find(PurchaseOrder.class, id) == null) {
            throw new NoSuchElementException("no order " + id);
        }
    }

    @Transactional(readOnly = true)
    public List<Reservation> reservations() {
        return entityManager.createQuery("select new " + Reservation.class.getName()
                + "(r.orderId, r.amountCents) from StockReservation r order by r.id", Reservation.class).getResultList();
    }

    /**
     * Failures are the {@link BackgroundFailure} rows: only the safe shop writes them, so the broken
     * one reports 0 however many of its background tasks failed (those end in a log line).
     */
    @Transactional(readOnly = true)
    public Stats stats() {
        return new Stats(count("select count(o) from PurchaseOrder o"), count("select count(r) from Receipt r"),
                count("select count(f) from BackgroundFailure f"),
                count("select coalesce(sum(c.hits), 0) from Counter c where c.label like 'loyalty points of %'"));
    }

    private long count(String jpql) {
        return ((Number) entityManager.createQuery(jpql).getSingleResult()).longValue();
    }
}

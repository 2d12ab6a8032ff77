package dev.sharedsession.web.broken;

import dev.sharedsession.model.Counter;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.web.shared.NewOrder;
import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Receipts;
import dev.sharedsession.web.shared.Reservation;
import dev.sharedsession.web.shared.Shipment;
import dev.sharedsession.web.shared.ShipmentView;
import dev.sharedsession.web.shared.ShippingAddress;
import dev.sharedsession.web.shared.ShopRules;
import dev.sharedsession.web.shared.Stats;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and reports them. Returns the entity: the caller decides what to do with it. */
@Service
public class OrderService {

    private final EntityManager entityManager;
    private final BackgroundWork background;

    OrderService(EntityManager entityManager, BackgroundWork background) {
        this.entityManager = entityManager;
        this.background = background;
    }

    @Transactional
    public PurchaseOrder place(NewOrder body) {
        Customer customer = entityManager.find(Customer.class, body.customerId());
        if (customer == null) {
            throw new NoSuchElementException("no customer " + body.customerId());
        }
        PurchaseOrder order = new PurchaseOrder(customer, body.amountCents());
        entityManager.persist(order);                       // the id is known now; the row is not committed
        if (ShopRules.isLarge(order.getAmountCents())) {
            // Trap 4: started now, inside this transaction, with an id nobody else can see yet; and
            // this transaction may still roll back.
            background.reserveStock(order.getId(), order.getAmountCents());
        }
        // The customer's total, this order included (the query flushes its INSERT first).
        ShopRules.checkCredit(customer.getId(), entityManager.createQuery(
                        "select sum(o.amountCents) from PurchaseOrder o where o.customer.id = :id", Long.class)
                .setParameter("id", customer.getId()).getSingleResult());
        return order;
    }

    /** Returns the new shipment entity: the controller hands it to the carrier's background work (trap 3). */
    @Transactional
    public Shipment requestShipment(long orderId, ShippingAddress body) {
        requireOrder(orderId);
        if (shipmentOf(orderId) != null) {
            throw new IllegalArgumentException("order " + orderId + " already has a shipment");
        }
        Shipment shipment = new Shipment(orderId, body.address());
        entityManager.persist(shipment);
        return shipment;
    }

    @Transactional
    public ShipmentView changeAddress(long orderId, ShippingAddress body) {
        Shipment shipment = requireShipment(orderId);
        shipment.setAddress(body.address());
        return shipment.view();
    }

    @Transactional(readOnly = true)
    public ShipmentView shipment(long orderId) {
        return requireShipment(orderId).view();
    }

    @Transactional(readOnly = true)
    public List<Reservation> reservations() {
        return entityManager.createQuery("select new " + Reservation.class.getName()
                + "(r.orderId, r.amountCents) from StockReservation r order by r.id", Reservation.class).getResultList();
    }

    /** Throws NoSuchElementException (404) unless the order exists. */
    @Transactional(readOnly = true)
    public void requireOrder(long id) {
        if (entityManager.find(PurchaseOrder.class, id) == null) {
            throw new NoSuchElementException("no order " + id);
        }
    }

    private Shipment requireShipment(long orderId) {
        Shipment shipment = shipmentOf(orderId);
        if (shipment == null) {
            throw new NoSuchElementException("order " + orderId + " has no shipment");
        }
        return shipment;
    }

    private Shipment shipmentOf(long orderId) {
        return entityManager.createQuery("select s from Shipment s where s.orderId = :id", Shipment.class)
                .setParameter("id", orderId).getResultStream().findFirst().orElse(null);
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

package dev.sharedsession.web.broken;

import dev.sharedsession.model.Counter;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.web.shared.NewOrder;
import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Receipts;
import dev.sharedsession.web.shared.Shipment;
import dev.sharedsession.web.shared.ShipmentView;
import dev.sharedsession.web.shared.ShippingAddress;
import dev.sharedsession.web.shared.ShopQueries;
import dev.sharedsession.web.shared.ShopRules;
import jakarta.persistence.EntityManager;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and reports them. Returns the entity: the caller decides what to do with it. */
@Service
public class OrderService {

    private final EntityManager entityManager;
    private final ShopQueries queries;
    private final BackgroundWork background;

    OrderService(EntityManager entityManager, ShopQueries queries, BackgroundWork background) {
        this.entityManager = entityManager;
        this.queries = queries;
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

    /** Returns the new shipment entity: the controller hands it to the carrier's background work (trap 3). */
    @Transactional
    public Shipment requestShipment(long orderId, ShippingAddress body) {
        queries.requireOrder(orderId);
        if (shipmentOf(orderId).isPresent()) {
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

    private Shipment requireShipment(long orderId) {
        return shipmentOf(orderId).orElseThrow(() -> new NoSuchElementException("order " + orderId + " has no shipment"));
    }

    private Optional<Shipment> shipmentOf(long orderId) {
        return entityManager.createQuery("select s from Shipment s where s.orderId = :id", Shipment.class)
                .setParameter("id", orderId).getResultStream().findFirst();
    }

    private long loyaltyPoints(long customerId) {
        return entityManager.createQuery("select c from Counter c where c.label = :label", Counter.class)
                .setParameter("label", Receipts.loyaltyLabel(customerId))
                .getResultStream().findFirst().map(Counter::getHits).orElse(0L);
    }
}

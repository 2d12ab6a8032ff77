package dev.sharedsession.web.safe;

import dev.sharedsession.model.Counter;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.web.shared.BackgroundFailure;
import dev.sharedsession.web.shared.NewOrder;
import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Receipts;
import dev.sharedsession.web.shared.Shipment;
import dev.sharedsession.web.shared.ShipmentView;
import dev.sharedsession.web.shared.ShippingAddress;
import dev.sharedsession.web.shared.ShopQueries;
import dev.sharedsession.web.shared.ShopRules;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and reports them; everything it returns is plain data read inside its transaction. */
@Service
public class OrderService {

    private final EntityManager entityManager;
    private final ShopQueries queries;
    private final ApplicationEventPublisher events;

    OrderService(EntityManager entityManager, ShopQueries queries, ApplicationEventPublisher events) {
        this.entityManager = entityManager;
        this.queries = queries;
        this.events = events;
    }

    @Transactional
    public OrderView place(NewOrder body) {
        // The fetch plan says what the response needs: the customer and its region, in one select.
        Customer customer = entityManager.createQuery(
                        "select c from Customer c join fetch c.region where c.id = :id", Customer.class)
                .setParameter("id", body.customerId())
                .getResultStream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("no customer " + body.customerId()));
        PurchaseOrder order = new PurchaseOrder(customer, body.amountCents());
        entityManager.persist(order);
        // The customer's total, this order included (the query flushes its INSERT first).
        ShopRules.checkCredit(customer.getId(), entityManager.createQuery(
                        "select sum(o.amountCents) from PurchaseOrder o where o.customer.id = :id", Long.class)
                .setParameter("id", customer.getId()).getSingleResult());
        // Delivered to BackgroundWork after the commit, never before: its threads can read the order.
        // Were the transaction to roll back after this line, they would not be delivered at all.
        events.publishEvent(new OrderPlaced(order.getId()));
        if (ShopRules.isLarge(order.getAmountCents())) {
            events.publishEvent(new LargeOrderPlaced(order.getId()));
        }
        return new OrderView(order.getId(), customer.getName(), customer.getRegion().getLabel(), order.getAmountCents());
    }

    /** The receipt, or why there is none ("receipt failed: ..."), or "pending" while it is not done. */
    @Transactional(readOnly = true)
    public OrderState state(long id) {
        PurchaseOrder order = entityManager.createQuery(
                        "select o from PurchaseOrder o join fetch o.customer where o.id = :id", PurchaseOrder.class)
                .setParameter("id", id)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("no order " + id));
        String receipt = entityManager.createQuery("select r.message from Receipt r where r.message like :prefix", String.class)
                .setParameter("prefix", Receipts.prefix(id) + "%")
                .getResultStream().findFirst()
                .or(() -> failure(id, "receipt"))
                .orElse("pending");
        return new OrderState(id, order.getCustomer().getName(), order.getAmountCents(), receipt,
                loyaltyPoints(order.getCustomer().getId()));
    }

    /** The carrier's estimate is fetched after the commit, by the order's id (trap 3). */
    @Transactional
    public ShipmentView requestShipment(long orderId, ShippingAddress body) {
        queries.requireOrder(orderId);
        if (shipmentOf(orderId).isPresent()) {
            throw new IllegalArgumentException("order " + orderId + " already has a shipment");
        }
        Shipment shipment = new Shipment(orderId, body.address());
        entityManager.persist(shipment);
        events.publishEvent(new ShipmentRequested(orderId));
        return shipment.view();
    }

    @Transactional
    public ShipmentView changeAddress(long orderId, ShippingAddress body) {
        Shipment shipment = requireShipment(orderId);
        shipment.setAddress(body.address());
        return view(shipment);
    }

    /** The estimate, or why there is none ("estimate failed: ..."), or "pending" while it is not done. */
    @Transactional(readOnly = true)
    public ShipmentView shipment(long orderId) {
        return view(requireShipment(orderId));
    }

    private ShipmentView view(Shipment shipment) {
        ShipmentView view = shipment.view();
        return shipment.getEstimate() != null ? view
                : new ShipmentView(view.orderId(), view.address(), failure(view.orderId(), "estimate").orElse(view.estimate()));
    }

    private Shipment requireShipment(long orderId) {
        return shipmentOf(orderId).orElseThrow(() -> new NoSuchElementException("order " + orderId + " has no shipment"));
    }

    private Optional<Shipment> shipmentOf(long orderId) {
        return entityManager.createQuery("select s from Shipment s where s.orderId = :id", Shipment.class)
                .setParameter("id", orderId).getResultStream().findFirst();
    }

    private Optional<String> failure(long orderId, String work) {
        List<String> reasons = entityManager.createQuery(
                        "select f.reason from BackgroundFailure f where f.orderId = :id and f.work = :work order by f.id", String.class)
                .setParameter("id", orderId).setParameter("work", work).getResultList();
        return reasons.stream().findFirst().map(reason -> work + " failed: " + reason);
    }

    private long loyaltyPoints(long customerId) {
        return entityManager.createQuery("select c from Counter c where c.label = :label", Counter.class)
                .setParameter("label", Receipts.loyaltyLabel(customerId))
                .getResultStream().findFirst().map(Counter::getHits).orElse(0L);
    }
}

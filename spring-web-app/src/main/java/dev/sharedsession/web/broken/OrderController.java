package dev.sharedsession.web.broken;

import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.web.shared.NewOrder;
import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Shipment;
import dev.sharedsession.web.shared.ShipmentView;
import dev.sharedsession.web.shared.ShippingAddress;
import dev.sharedsession.web.shared.ShopQueries;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands the order entity itself to the background work and to the response: both read it later,
 * on their own schedule, through whatever EntityManager loaded it.
 *
 * <p>The shop's HTTP API (the same in the safe application):
 * <ul>
 * <li>{@code POST /orders} {@code {"customerId": 1, "amountCents": 2500}}: 201 with the order; starts
 *     its receipt and a loyalty point in the background, and for 500.00 or more a stock reservation.
 *     An order that would take the customer's orders over 1,000.00 is refused: 409, rolled back.</li>
 * <li>{@code GET /orders/{id}}: the order, its receipt (or "pending") and the customer's loyalty points.</li>
 * <li>{@code POST /orders/{id}/receipt}: 202; writes the order's receipt in the background if it has none.</li>
 * <li>{@code POST /orders/{id}/shipment} {@code {"address": "1 Mill Lane"}}: 201 with the shipment;
 *     the carrier's estimate is fetched in the background ("pending" until then).</li>
 * <li>{@code PUT /orders/{id}/shipment} {@code {"address": ...}}: 200; changes the address.</li>
 * <li>{@code GET /orders/{id}/shipment}: {@code {"orderId", "address", "estimate"}}.</li>
 * <li>{@code GET /warehouse/reservations}: the stock set aside, {@code [{"orderId", "amountCents"}]}.</li>
 * <li>{@code GET /stats}: orders, receipts, background failures recorded, loyalty points.</li>
 * </ul>
 * The last two hand nothing to the background, so one controller serves them in both applications:
 * {@link dev.sharedsession.web.shared.ReportController}.
 */
@RestController
public class OrderController {

    private final OrderService orders;
    private final ShopQueries queries;
    private final BackgroundWork background;

    OrderController(OrderService orders, ShopQueries queries, BackgroundWork background) {
        this.orders = orders;
        this.queries = queries;
        this.background = background;
    }

    @PostMapping("/orders")
    ResponseEntity<OrderView> place(@RequestBody NewOrder body) {
        PurchaseOrder order = orders.place(body);
        background.issueReceipt(order);     // the entity crosses to another thread
        background.addLoyaltyPoint(order);
        // Written by Jackson after this method returns: OrderView reads the entity lazily.
        return ResponseEntity.created(URI.create("/orders/" + order.getId())).body(new OrderView(order));
    }

    @GetMapping("/orders/{id}")
    OrderState state(@PathVariable long id) {
        return orders.state(id);
    }

    @PostMapping("/orders/{id}/receipt")
    ResponseEntity<Void> issueMissingReceipt(@PathVariable long id) {
        queries.requireOrder(id);
        background.issueMissingReceipt(id);
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/orders/{id}/shipment")
    ResponseEntity<ShipmentView> requestShipment(@PathVariable long id, @RequestBody ShippingAddress body) {
        Shipment shipment = orders.requestShipment(id, body);
        background.estimateDelivery(shipment);     // the request's entity, to be changed on another thread
        return ResponseEntity.created(URI.create("/orders/" + id + "/shipment")).body(shipment.view());
    }

    @PutMapping("/orders/{id}/shipment")
    ShipmentView changeAddress(@PathVariable long id, @RequestBody ShippingAddress body) {
        return orders.changeAddress(id, body);
    }

    @GetMapping("/orders/{id}/shipment")
    ShipmentView shipment(@PathVariable long id) {
        return orders.shipment(id);
    }
}

package dev.sharedsession.web.safe;

import dev.sharedsession.web.shared.NewOrder;
import dev.sharedsession.web.shared.OrderState;
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
 * Gets plain data from the service, never an entity: the background work was already arranged
 * inside the service's transaction, to start after its commit.
 *
 * <p>The shop's HTTP API (the same in the broken application):
 * <ul>
 * <li>{@code POST /orders} {@code {"customerId": 1, "amountCents": 2500}}: 201 with the order; once it
 *     committed, its receipt and a loyalty point are made in the background, and for 500.00 or more a
 *     stock reservation. An order that would take the customer's orders over 1,000.00 is refused:
 *     409, rolled back, and no background work starts.</li>
 * <li>{@code GET /orders/{id}}: the order, its receipt ("pending", or "receipt failed: ...") and the
 *     customer's loyalty points.</li>
 * <li>{@code POST /orders/{id}/receipt}: 202; writes the order's receipt in the background if it has none.</li>
 * <li>{@code POST /orders/{id}/shipment} {@code {"address": "1 Mill Lane"}}: 201 with the shipment;
 *     the carrier's estimate is fetched in the background ("pending" until then, or "estimate failed: ...").</li>
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
        OrderView placed = orders.place(body);
        return ResponseEntity.created(URI.create("/orders/" + placed.id())).body(placed);
    }

    @GetMapping("/orders/{id}")
    OrderState state(@PathVariable long id) {
        return orders.state(id);
    }

    @PostMapping("/orders/{id}/receipt")
    ResponseEntity<Void> issueMissingReceipt(@PathVariable long id) {
        queries.requireOrder(id);
        background.issueMissingReceipt(id);     // an id; the request holds no transaction to wait for
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/orders/{id}/shipment")
    ResponseEntity<ShipmentView> requestShipment(@PathVariable long id, @RequestBody ShippingAddress body) {
        ShipmentView shipment = orders.requestShipment(id, body);
        return ResponseEntity.created(URI.create("/orders/" + id + "/shipment")).body(shipment);
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

package dev.sharedsession.web.broken;

import dev.sharedsession.model.PurchaseOrder;
import dev.sharedsession.web.shared.NewOrder;
import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Stats;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands the order entity itself to the background work and to the response: both read it later,
 * on their own schedule, through whatever EntityManager loaded it.
 */
@RestController
public class OrderController {

    private final OrderService orders;
    private final BackgroundWork background;

    OrderController(OrderService orders, BackgroundWork background) {
        this.orders = orders;
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

    @GetMapping("/stats")
    Stats stats() {
        return orders.stats();
    }
}

package dev.sharedsession.web.safe;

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
 * Gets plain data from the service, never an entity: the background work was already arranged
 * inside the service's transaction, to start after its commit.
 */
@RestController
public class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
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

    @GetMapping("/stats")
    Stats stats() {
        return orders.stats();
    }
}

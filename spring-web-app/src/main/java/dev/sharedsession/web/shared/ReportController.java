package dev.sharedsession.web.shared;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /warehouse/reservations} and {@code GET /stats}, the same in both shops: what the tests
 * and {@code ./lab web} read to see what the background work did. Each application's
 * {@code OrderController} has the rest of the API, where the two differ.
 */
@RestController
public class ReportController {

    private final ShopQueries queries;

    ReportController(ShopQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/warehouse/reservations")
    List<Reservation> reservations() {
        return queries.reservations();
    }

    @GetMapping("/stats")
    Stats stats() {
        return queries.stats();
    }
}

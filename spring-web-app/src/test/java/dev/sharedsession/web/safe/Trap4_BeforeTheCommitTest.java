package dev.sharedsession.web.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.Checkpoints.Gate;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.Reservation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 4's requests on the safe shop. {@code place} publishes {@code LargeOrderPlaced} with the id;
 * Spring holds the event in a transaction synchronization and hands it to the
 * {@code @TransactionalEventListener(phase = AFTER_COMMIT)} only once the commit succeeded. A
 * transaction that rolls back delivers nothing, so a refused order starts no background work at
 * all; a committed one is visible to the background thread's own transaction when it looks for it.
 * Under the session guard, with zero refusals.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.properties.hibernate.session_guard=confined")
@DisplayName("Trap 4's requests, safe: background work starts only after the commit")
class Trap4_BeforeTheCommitTest extends ShopTest {

    @Test
    @DisplayName("an order over the credit limit is refused and rolled back, and no background work starts: no reservation, no order")
    void anOrderOverTheCreditLimitIsRefused() throws Exception {
        long alice = customer("Alice", "North");
        List<Reservation> before = reservations();
        executor.hold();

        Response refused = shop.place(alice, 120_000);
        assertThat(executor.submitted()).isZero();           // the rollback delivered no event
        executor.release();

        assertThat(refused).isEqualTo(new Response(409,
                "credit limit exceeded: customer " + alice + "'s orders would total 1200.00, the limit is 1000.00\n"));
        List<Reservation> added = new ArrayList<>(reservations());
        added.removeAll(before);
        assertThat(added).isEmpty();
        assertThat(jdbc().queryForObject("select count(*) from purchase_order where customer_id = ?", Long.class, alice)).isZero();
        assertThat(log.lines()).isEmpty();
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("a large order within the limit commits before its reservation runs: stock reserved once")
    void aLargeOrderWithinTheLimitGetsItsStock() throws Exception {
        long bob = customer("Bob", "South");
        Gate requestEnded = checkpoints.noticing("http-nio-", WebHooks.REQUEST_ENDED);
        executor.hold();

        Response placed = shop.place(bob, 60_000);
        requestEnded.awaitReached();
        assertThat(executor.submitted()).isEqualTo(3);       // the reservation, the receipt, the loyalty point
        executor.release();
        executor.awaitFinished(3);

        long order = placed.orderId();
        assertThat(placed.status()).isEqualTo(201);
        assertThat(reservations()).filteredOn(reservation -> reservation.orderId() == order)
                .containsExactly(new Reservation(order, 60_000));
        assertThat(jdbc().queryForObject("select count(*) from stock_reservation where order_id = ?", Long.class, order)).isOne();
        assertThat(receiptsOf(order)).isOne();
        assertThat(log.lines()).isEmpty();
        assertThat(activeConnections()).isZero();
    }

    private List<Reservation> reservations() throws Exception {
        return List.of(shop.get("/warehouse/reservations").as(Reservation[].class));
    }
}

package dev.sharedsession.web.broken;

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
 * Trap 4. {@code OrderService.place} is {@code @Transactional}; inside it, right after
 * {@code persist} gave the new order its id (from the sequence, before any INSERT), it starts the
 * stock reservation of a large order with that id, an {@code @Async} call. The transaction is not
 * over: the credit-limit rule runs next and may throw, and then Spring's transaction interceptor
 * rolls the order back. The background thread knows nothing of that transaction (Spring binds it
 * to the request's thread); its own transaction commits a reservation for an order that never
 * existed. The id was real for a moment, the order never was.
 *
 * <p>Forced here: the executor is held until the request has answered, so the reservation runs
 * after the rollback, as it does whenever the pool is busy. When the order commits instead, the
 * same code looks fine, which is why it ships.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT)
@DisplayName("Trap 4: background work started inside the order's transaction, before the commit")
class Trap4_BeforeTheCommitTest extends ShopTest {

    @Test
    @DisplayName("an order over the credit limit is refused and rolled back, yet the warehouse reserves stock for it: a ghost order")
    void anOrderOverTheCreditLimitIsRefused() throws Exception {
        long alice = customer("Alice", "North");
        List<Reservation> before = reservations();
        executor.hold();

        Response refused = shop.place(alice, 120_000);
        assertThat(executor.submitted()).isEqualTo(1);       // started before the rule refused the order
        executor.release();
        executor.awaitFinished(1);

        assertThat(refused).isEqualTo(new Response(409,
                "credit limit exceeded: customer " + alice + "'s orders would total 1200.00, the limit is 1000.00\n"));
        List<Reservation> added = new ArrayList<>(reservations());
        added.removeAll(before);
        assertThat(added).singleElement().extracting(Reservation::amountCents).isEqualTo(120_000L);
        long ghost = added.get(0).orderId();
        assertThat(shop.get("/orders/" + ghost)).isEqualTo(new Response(404, "no order " + ghost + "\n"));
        assertThat(jdbc().queryForObject("select count(*) from purchase_order where id = ? or customer_id = ?", Long.class,
                ghost, alice)).isZero();
        assertThat(jdbc().queryForObject("select count(*) from stock_reservation where order_id = ?", Long.class, ghost)).isOne();
        assertThat(log.lines()).isEmpty();
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("a large order within the limit commits before its reservation runs: stock reserved once, which is why the trap ships")
    void aLargeOrderWithinTheLimitGetsItsStock() throws Exception {
        long bob = customer("Bob", "South");
        Gate requestEnded = checkpoints.noticing("http-nio-", WebHooks.REQUEST_ENDED);
        executor.hold();

        Response placed = shop.place(bob, 60_000);
        requestEnded.awaitReached();                         // committed, and (open-in-view) its EntityManager closed
        executor.release();
        executor.awaitFinished(3);                           // the reservation, the receipt, the loyalty point

        long order = placed.orderId();
        assertThat(placed.status()).isEqualTo(201);
        assertThat(reservations()).filteredOn(reservation -> reservation.orderId() == order)
                .containsExactly(new Reservation(order, 60_000));
        assertThat(jdbc().queryForObject("select count(*) from stock_reservation where order_id = ?", Long.class, order)).isOne();
        // The receipt meets trap 2 here (the request's Session closed before the task ran): not this trap.
        assertThat(log.lines()).singleElement().asString().endsWith(".issueReceipt(dev.sharedsession.model.PurchaseOrder)"
                + " | org.hibernate.LazyInitializationException: Could not initialize proxy [dev.sharedsession.model.Region#"
                + jdbc().queryForObject("select region_id from customer where id = ?", Long.class, bob) + "] - no session");
        assertThat(activeConnections()).isZero();
    }

    private List<Reservation> reservations() throws Exception {
        return List.of(shop.get("/warehouse/reservations").as(Reservation[].class));
    }
}

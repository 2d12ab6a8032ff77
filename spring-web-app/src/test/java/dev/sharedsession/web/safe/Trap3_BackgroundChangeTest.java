package dev.sharedsession.web.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.Checkpoints.Gate;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.ShipmentView;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 3's interleaving on the safe shop: the estimate is started after the shipment committed
 * ({@code @TransactionalEventListener(phase = AFTER_COMMIT)} with {@code @Async}) and is handed the
 * order's id, not the entity. Its transaction of its own loads the shipment as it is now, the
 * address a later request changed included, and sets the estimate; the persistence context's dirty
 * check (with {@code @DynamicUpdate}) writes that one column. Under the session guard, with zero refusals.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.properties.hibernate.session_guard=confined")
@DisplayName("Trap 3's interleaving, safe: an id, and a transaction of the background thread's own")
class Trap3_BackgroundChangeTest extends ShopTest {

    @Test
    @DisplayName("the carrier's estimate, written on the row as it is now, keeps the client's new address")
    void theEstimateArrivesAfterTheAddressChanged() throws Exception {
        long order = orderOf("Alice", "North");
        Gate firstRequestEnded = checkpoints.noticing("http-nio-", WebHooks.REQUEST_ENDED);
        executor.hold();

        Response created = shop.send("POST", "/orders/" + order + "/shipment", "{\"address\": \"1 Mill Lane\"}");
        firstRequestEnded.awaitReached();
        Response changed = shop.send("PUT", "/orders/" + order + "/shipment", "{\"address\": \"2 Harbour Road\"}");
        executor.release();
        executor.awaitFinished(1);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.as(ShipmentView.class)).isEqualTo(new ShipmentView(order, "1 Mill Lane", "pending"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.as(ShipmentView.class)).isEqualTo(new ShipmentView(order, "2 Harbour Road", "pending"));
        assertThat(addressAndEstimate(order)).containsExactly("2 Harbour Road", "2 days to North");
        assertThat(shop.get("/orders/" + order + "/shipment").as(ShipmentView.class))
                .isEqualTo(new ShipmentView(order, "2 Harbour Road", "2 days to North"));
        assertThat(log.lines()).isEmpty();
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("the address changes while the carrier's estimate is being saved: the UPDATE names the estimate alone, the new address stays")
    void theAddressChangesWhileTheEstimateIsWritten() throws Exception {
        long order = orderOf("Bob", "South");
        Gate firstRequestEnded = checkpoints.noticing("http-nio-", WebHooks.REQUEST_ENDED);
        executor.hold();
        Response created = shop.send("POST", "/orders/" + order + "/shipment", "{\"address\": \"1 Mill Lane\"}");
        firstRequestEnded.awaitReached();
        Gate workerWritesEstimate = checkpoints.beforeStatement("background-", "update shipment");

        executor.release();
        workerWritesEstimate.awaitReached();                 // its transaction read the row before the PUT
        Response changed = shop.send("PUT", "/orders/" + order + "/shipment", "{\"address\": \"2 Harbour Road\"}");
        workerWritesEstimate.release();                      // @DynamicUpdate: the estimate column alone
        executor.awaitFinished(1);

        assertThat(created.status()).isEqualTo(201);
        assertThat(changed.as(ShipmentView.class)).isEqualTo(new ShipmentView(order, "2 Harbour Road", "pending"));
        assertThat(addressAndEstimate(order)).containsExactly("2 Harbour Road", "2 days to South");
        assertThat(log.lines()).isEmpty();
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("when the carrier's estimate fails, GET /orders/{id}/shipment says why: \"estimate failed: ...\"")
    void theCarrierFails() throws Exception {
        long order = orderOf("Carol", "East");
        checkpoints.failStatement("background-", "update shipment", "the carrier is not answering");
        executor.hold();

        Response created = shop.send("POST", "/orders/" + order + "/shipment", "{\"address\": \"3 Quay Street\"}");
        executor.release();
        executor.awaitFinished(1);

        assertThat(created.status()).isEqualTo(201);
        assertThat(addressAndEstimate(order)).containsExactly("3 Quay Street", null);
        assertThat(shop.get("/orders/" + order + "/shipment").as(ShipmentView.class)).isEqualTo(new ShipmentView(order,
                "3 Quay Street", "estimate failed: IllegalStateException: the carrier is not answering"));
        assertThat(log.lines()).singleElement().asString().matches("WARN dev\\.sharedsession\\.web\\.safe\\.BackgroundWork \\[background-\\d+\\]: "
                + "order " + order + ": estimate failed: IllegalStateException: the carrier is not answering");
        assertThat(activeConnections()).isZero();
    }

    /** The shipment's row, read with plain JDBC. */
    private List<String> addressAndEstimate(long order) {
        return jdbc().queryForObject("select address, estimate from shipment where order_id = ?",
                (row, n) -> Arrays.asList(row.getString(1), row.getString(2)), order);
    }
}

package dev.sharedsession.web.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.Checkpoints.Gate;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.ShipmentView;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 3. {@code POST /orders/{id}/shipment} hands the shipment entity it created to an
 * {@code @Async @Transactional} method, which sets the carrier's estimate on it and saves it with
 * {@code merge}. The change is made outside the request's transaction, on a copy of the row as it
 * was when that request committed. Merge is JPA's "copy this detached state onto the managed
 * entity": it loads the row in the worker's own persistence context and copies <em>every</em>
 * field of the stale copy onto it, the old address included, so the flush writes the old address
 * back over the one a later request ({@code PUT /orders/{id}/shipment}) committed. No exception,
 * no log line, and the PUT had answered 200 with the new address: a lost update.
 * ({@code @DynamicUpdate} does not save it: the address differs from the row, so it is dirty.)
 *
 * <p>Forced here: the executor is held while the shipment is created and its address changed,
 * then released.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT)
@DisplayName("Trap 3: the background work saves the request's entity, outside the request's transaction")
class Trap3_BackgroundChangeTest extends ShopTest {

    @Test
    @DisplayName("the carrier's estimate, merged from the first request's copy, writes the old address over the new one: the client's change is lost, silently")
    void theEstimateArrivesAfterTheAddressChanged() throws Exception {
        long order = orderOf("Alice", "North");
        Gate firstRequestEnded = checkpoints.noticing("http-nio-", WebHooks.REQUEST_ENDED);
        executor.hold();

        Response created = shop.send("POST", "/orders/" + order + "/shipment", "{\"address\": \"1 Mill Lane\"}");
        firstRequestEnded.awaitReached();                    // its EntityManager closed: the entity is a detached copy
        Response changed = shop.send("PUT", "/orders/" + order + "/shipment", "{\"address\": \"2 Harbour Road\"}");
        executor.release();                                  // now the carrier answers, with the first request's copy
        executor.awaitFinished(1);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.as(ShipmentView.class)).isEqualTo(new ShipmentView(order, "1 Mill Lane", "pending"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.as(ShipmentView.class)).isEqualTo(new ShipmentView(order, "2 Harbour Road", "pending"));
        assertThat(jdbc().queryForMap("select address, estimate from shipment where order_id = ?", order))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ADDRESS", "1 Mill Lane", "ESTIMATE", "2 days to North"));
        assertThat(shop.get("/orders/" + order + "/shipment").as(ShipmentView.class))
                .isEqualTo(new ShipmentView(order, "1 Mill Lane", "2 days to North"));     // the PUT's 200 was a lie
        assertThat(log.lines()).isEmpty();                   // nothing failed: nobody is told
        assertThat(activeConnections()).isZero();
    }
}

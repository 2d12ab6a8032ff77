package dev.sharedsession.web.broken;

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
 * then released. In the other order (merge reads the row, then the PUT commits, then merge's
 * UPDATE) the copy equals what merge read, the address is not dirty and {@code @DynamicUpdate}
 * leaves it out: no loss. The same code loses the client's change or not by timing alone.
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
        assertThat(addressAndEstimate(order)).containsExactly("1 Mill Lane", "2 days to North");
        assertThat(shop.get("/orders/" + order + "/shipment").as(ShipmentView.class))
                .isEqualTo(new ShipmentView(order, "1 Mill Lane", "2 days to North"));     // the PUT's 200 was a lie
        assertThat(log.lines()).isEmpty();                   // nothing failed: nobody is told
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("the address changes between the merge's read and its UPDATE: the copy matched what merge read, only the estimate is written; the loss above needs the PUT first, which is why it ships")
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
        workerWritesEstimate.release();                      // merge found the copy's address equal to its read: not dirty
        executor.awaitFinished(1);

        assertThat(created.status()).isEqualTo(201);
        assertThat(changed.as(ShipmentView.class)).isEqualTo(new ShipmentView(order, "2 Harbour Road", "pending"));
        assertThat(addressAndEstimate(order)).containsExactly("2 Harbour Road", "2 days to South");
        assertThat(log.lines()).isEmpty();
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("when the carrier's estimate fails, only a log line says so: GET /orders/{id}/shipment says \"pending\" for ever")
    void theCarrierFails() throws Exception {
        long order = orderOf("Carol", "East");
        checkpoints.failStatement("background-", "update shipment", "the carrier is not answering");
        executor.hold();

        Response created = shop.send("POST", "/orders/" + order + "/shipment", "{\"address\": \"3 Quay Street\"}");
        executor.release();
        executor.awaitFinished(1);

        assertThat(created.status()).isEqualTo(201);
        assertThat(addressAndEstimate(order)).containsExactly("3 Quay Street", null);
        assertThat(shop.get("/orders/" + order + "/shipment").as(ShipmentView.class))
                .isEqualTo(new ShipmentView(order, "3 Quay Street", "pending"));
        assertThat(log.lines()).singleElement().asString().matches(
                "ERROR org\\.springframework\\.aop\\.interceptor\\.SimpleAsyncUncaughtExceptionHandler \\[background-\\d+\\]:"
                        + " Unexpected exception occurred invoking async method: public void " + BackgroundWork.class.getName().replace(".", "\\.")
                        + "\\.estimateDelivery\\(dev\\.sharedsession\\.web\\.shared\\.Shipment\\)"
                        + " \\| org\\.springframework\\.dao\\.InvalidDataAccessApiUsageException: the carrier is not answering");
        assertThat(activeConnections()).isZero();
    }

    /** The shipment's row, read with plain JDBC. */
    private List<String> addressAndEstimate(long order) {
        return jdbc().queryForObject("select address, estimate from shipment where order_id = ?",
                (row, n) -> Arrays.asList(row.getString(1), row.getString(2)), order);
    }
}

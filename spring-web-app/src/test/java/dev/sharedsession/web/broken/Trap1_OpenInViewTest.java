package dev.sharedsession.web.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.Checkpoints.Gate;
import dev.sharedsession.web.ShopClient;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.OrderState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 1. Open-in-view is on (Spring Boot's default): the request thread opens an EntityManager
 * before the controller runs and closes it only after the response is written. The controller hands
 * the order entity to {@code @Async} work; the order's customer's region is a lazy proxy of that
 * EntityManager's Session. So the background thread loads the region through the request's
 * Session, while the request thread is still using it: writing the response from its entity, then
 * closing it. One Session, its persistence context and its JDBC connection, on two threads.
 *
 * <p>Forced here: the background thread stops inside the lazy load, just before its SQL; the
 * request thread writes the response and closes its EntityManager (which hands the JDBC connection
 * back to the pool); then the background thread goes on, inside a Session that was closed under it.
 * Hibernate 7.4 answers with an IllegalStateException from the Session's logical connection, and
 * Spring only logs it: the client already has its 201, the order has no receipt. Released in the
 * other order, the very same sharing looks fine: the background thread's load runs on the request's
 * Session and JDBC connection while the request thread waits, and the receipt is written.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT)
@DisplayName("Trap 1, open-in-view on: the background work loads through the request's Session")
class Trap1_OpenInViewTest extends ShopTest {

    @Test
    @DisplayName("the request closes its Session under the background thread's lazy load: the receipt is lost, only a log line says so")
    void theRequestClosesItsSessionUnderTheBackgroundLoad() throws Exception {
        long alice = customer("Alice", "North");
        Gate requestStillOpen = checkpoints.at("http-nio-", WebHooks.RESPONSE_WRITTEN);
        Gate workerLoadsRegion = checkpoints.beforeStatement("background-", "from region");
        Gate requestEnded = checkpoints.noticing("http-nio-", WebHooks.REQUEST_ENDED);

        CompletableFuture<Response> placed = shop.placeAsync(ShopClient.order(alice, 2_500));
        String request = requestStillOpen.awaitReached();    // response written, EntityManager still open
        String worker = workerLoadsRegion.awaitReached();    // inside the region's lazy load, on the request's Session
        requestStillOpen.release();                          // open-in-view closes the EntityManager...
        requestEnded.awaitReached();
        workerLoadsRegion.release();                         // ...and the background thread goes on inside it
        executor.awaitFinished(2);

        Response response = placed.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(201);
        long order = response.orderId();
        assertThat(log.lines()).singleElement().asString()
                .startsWith("ERROR org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler [" + worker + "]:"
                        + " Unexpected exception occurred invoking async method: public void "
                        + BackgroundWork.class.getName() + ".issueReceipt(dev.sharedsession.model.PurchaseOrder)")
                .matches(".* \\| java\\.lang\\.IllegalStateException: "
                        + "org\\.hibernate\\.resource\\.jdbc\\.internal\\.LogicalConnectionManagedImpl@\\p{XDigit}+ is closed");
        assertThat(request).startsWith("http-nio-127.0.0.1-");
        assertThat(receiptsOf(order)).isZero();
        OrderState state = shop.order(order);
        assertThat(state.receipt()).isEqualTo("pending");   // and it stays so: nobody recorded why
        assertThat(state.loyaltyPoints()).isEqualTo(1);     // the other task never touched the lazy region
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("the same sharing in the other order goes unnoticed: the load runs on the request's Session from the background thread, and the receipt is written")
    void theSameSharingCanLookFine() throws Exception {
        long alice = customer("Alice", "North");
        Gate requestStillOpen = checkpoints.at("http-nio-", WebHooks.RESPONSE_WRITTEN);
        Gate workerLoadsRegion = checkpoints.beforeStatement("background-", "from region");

        CompletableFuture<Response> placed = shop.placeAsync(ShopClient.order(alice, 2_500));
        requestStillOpen.awaitReached();
        workerLoadsRegion.awaitReached();
        workerLoadsRegion.release();                         // the load finishes while the request's Session is open...
        executor.awaitFinished(2);
        requestStillOpen.release();                          // ...and only then does the request close it

        Response response = placed.get(10, TimeUnit.SECONDS);
        long order = response.orderId();
        assertThat(log.lines()).isEmpty();
        assertThat(receiptsOf(order)).isEqualTo(1);          // luck: this is why the trap ships
        assertThat(shop.order(order).receipt()).isEqualTo("order " + order + ": 25.00 for Alice in North");
        assertThat(activeConnections()).isZero();
    }
}

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
 * Trap 1 again, with the session guard on ({@code spring.jpa.properties.hibernate.session_guard=confined}):
 * the background thread's first call on the request's Session, the lazy load of the region, is
 * refused before it runs any SQL, while the request thread still holds that Session open, and the
 * refusal names both threads.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.properties.hibernate.session_guard=confined")
@DisplayName("Trap 1 under the session guard: stopped at the first cross-thread call, naming both threads")
class Trap1_UnderTheGuardTest extends ShopTest {

    @Test
    @DisplayName("the background thread's lazy load through the request's Session is refused before any SQL")
    void theBackgroundLoadIsRefused() throws Exception {
        long alice = customer("Alice", "North");
        Gate requestStillOpen = checkpoints.at("http-nio-", WebHooks.RESPONSE_WRITTEN);
        Gate workerLoadsRegion = checkpoints.beforeStatement("background-", "from region");

        CompletableFuture<Response> placed = shop.placeAsync(ShopClient.order(alice, 2_500));
        String request = requestStillOpen.awaitReached();    // the request's EntityManager is open
        executor.awaitFinished(2);                           // both tasks ended while it was
        requestStillOpen.release();

        Response response = placed.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(201);
        long order = response.orderId();
        assertThat(workerLoadsRegion.wasReached()).as("the refused load ran no SQL").isFalse();
        assertThat(log.exceptions()).singleElement().satisfies(refused -> {
            assertThat(refused.getClassName()).isEqualTo("dev.sharedsession.guard.SessionSharedAcrossThreadsException");
            // the region's id is the customer's region: the first row of a fresh database, or later
            assertThat(refused.getMessage()).matches("Session used by thread 'background-\\d+' in lazy loading of Region#\\d+,"
                    + " but it belongs to thread '" + request + "' \\(session guard: CONFINED\\)\\. .*");
        });
        assertThat(receiptsOf(order)).isZero();
        assertThat(shop.order(order).loyaltyPoints()).isEqualTo(1);
        assertThat(activeConnections()).isZero();
    }
}

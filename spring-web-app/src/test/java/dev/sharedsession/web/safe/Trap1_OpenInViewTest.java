package dev.sharedsession.web.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.web.Checkpoints.Gate;
import dev.sharedsession.web.ShopClient;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.OrderState;
import jakarta.persistence.EntityManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 1's interleaving on the safe shop: the request thread stops after writing its response, the
 * background thread stops just before its SQL, the request ends, then the background thread goes
 * on. Nothing is shared to break: open-in-view is off, the response is plain data copied inside the
 * service's transaction, and the background thread, started after the commit with the order's id,
 * loads what it needs in a Session and transaction of its own. Under the session guard, with zero
 * refusals.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.properties.hibernate.session_guard=confined")
@DisplayName("Trap 1's interleaving, safe: the background work has a Session of its own")
class Trap1_OpenInViewTest extends ShopTest {

    @Test
    @DisplayName("the request ends while the background thread loads: the receipt is there exactly once, nothing logged")
    void theRequestClosesItsSessionUnderTheBackgroundLoad() throws Exception {
        long alice = customer("Alice", "North");
        Gate requestStillOpen = checkpoints.at("http-nio-", WebHooks.RESPONSE_WRITTEN);
        Gate workerLoadsRegion = checkpoints.beforeStatement("background-", "join region");
        Gate requestEnded = checkpoints.noticing("http-nio-", WebHooks.REQUEST_ENDED);

        CompletableFuture<Response> placed = shop.placeAsync(ShopClient.order(alice, 2_500));
        requestStillOpen.awaitReached();                     // response written
        workerLoadsRegion.awaitReached();                    // the receipt's own load, in its own Session
        requestStillOpen.release();
        requestEnded.awaitReached();
        workerLoadsRegion.release();
        executor.awaitFinished(2);

        Response response = placed.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.as(OrderView.class)).isEqualTo(new OrderView(response.orderId(), "Alice", "North", 2_500));
        long order = response.orderId();
        assertThat(log.lines()).isEmpty();                   // no refusal by the guard, no failure
        assertThat(receiptsOf(order)).isEqualTo(1);
        assertThat(shop.order(order)).isEqualTo(new OrderState(order, "Alice", 2_500, "order " + order + ": 25.00 for Alice in North", 1));
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("the tests really run under the session guard: the application's EntityManagers are CONFINED")
    void theGuardIsOn() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            assertThat(SessionGuard.policy(entityManager)).isEqualTo(Policy.CONFINED);
        } finally {
            entityManager.close();
        }
    }
}

package dev.sharedsession.web.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.OrderState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 2's interleaving on the safe shop: the background work runs only after the request ended
 * (the executor held until then). It was handed an id, so it loads the order in its own Session:
 * nothing is lazy-loaded through a closed one. And when background work does fail, the failure is
 * written down where the client reads it, not only logged.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.properties.hibernate.session_guard=confined")
@DisplayName("Trap 2's interleaving, safe: after the request, ids and a Session of its own; failures recorded")
class Trap2_AfterTheRequestTest extends ShopTest {

    @Test
    @DisplayName("the background work after the request writes the receipt exactly once and a loyalty point")
    void theBackgroundWorkRunsAfterTheRequest() throws Exception {
        long alice = customer("Alice", "North");
        executor.hold();

        Response response = shop.place(alice, 2_500);
        long order = response.orderId();
        assertThat(shop.order(order).receipt()).isEqualTo("pending");   // honest while the work waits
        executor.release();
        executor.awaitFinished(2);

        assertThat(response.status()).isEqualTo(201);
        assertThat(log.lines()).isEmpty();
        assertThat(receiptsOf(order)).isEqualTo(1);
        assertThat(shop.order(order)).isEqualTo(new OrderState(order, "Alice", 2_500, "order " + order + ": 25.00 for Alice in North", 1));
        assertThat(activeConnections()).isZero();
    }

    @Test
    @DisplayName("a receipt that fails is reported by GET /orders/{id}: \"receipt failed: ...\"")
    void aFailureReachesTheClient() throws Exception {
        long bob = customer("Bob", "South");
        checkpoints.failStatement("background-", "insert into receipt", "the receipt printer is out of paper");
        executor.hold();

        Response response = shop.place(bob, 1_000);
        executor.release();
        executor.awaitFinished(2);

        long order = response.orderId();
        assertThat(receiptsOf(order)).isZero();
        assertThat(shop.order(order)).isEqualTo(new OrderState(order, "Bob", 1_000,
                "receipt failed: IllegalStateException: the receipt printer is out of paper", 1));
        assertThat(log.lines()).singleElement().asString().matches("WARN dev\\.sharedsession\\.web\\.safe\\.BackgroundWork \\[background-\\d+\\]: "
                + "order " + order + ": receipt failed: IllegalStateException: the receipt printer is out of paper");
        assertThat(activeConnections()).isZero();
    }
}

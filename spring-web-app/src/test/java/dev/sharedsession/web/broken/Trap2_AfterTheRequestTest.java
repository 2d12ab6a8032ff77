package dev.sharedsession.web.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.OrderState;
import dev.sharedsession.web.shared.Stats;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 2. Open-in-view off, as Spring Boot's warning suggests: the EntityManager now closes when
 * the service's transaction ends, so the request itself is fine. The background work, handed the
 * same entity, runs after the request ended: the customer's region is a lazy proxy of a closed
 * Session, and touching it throws LazyInitializationException. {@code issueReceipt} returns void,
 * so the exception goes to Spring's {@code SimpleAsyncUncaughtExceptionHandler}, which logs it and
 * nothing else: the order has no receipt, and {@code GET /orders/{id}} says "pending" for ever.
 *
 * <p>Forced here: the executor is held until the client has its response, then released.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.open-in-view=false")
@DisplayName("Trap 2, open-in-view off: the background work after the request, its failure only logged")
class Trap2_AfterTheRequestTest extends ShopTest {

    @Test
    @DisplayName("LazyInitializationException after the request: an order without its receipt, and no one told")
    void theBackgroundWorkRunsAfterTheRequest() throws Exception {
        long alice = customer("Alice", "North");
        executor.hold();

        Response response = shop.place(alice, 2_500);       // the request ends, its Session is closed
        executor.release();                                 // now the background work runs
        executor.awaitFinished(2);

        assertThat(response.status()).isEqualTo(201);
        long order = response.orderId();
        assertThat(log.lines()).singleElement().asString()
                .matches("ERROR org\\.springframework\\.aop\\.interceptor\\.SimpleAsyncUncaughtExceptionHandler \\[background-\\d+\\]:"
                        + " Unexpected exception occurred invoking async method: public void "
                        + "dev\\.sharedsession\\.web\\.broken\\.BackgroundWork\\.issueReceipt\\(dev\\.sharedsession\\.model\\.PurchaseOrder\\)"
                        + " \\| org\\.hibernate\\.LazyInitializationException: "
                        + "Could not initialize proxy \\[dev\\.sharedsession\\.model\\.Region#\\d+\\] - no session");
        assertThat(receiptsOf(order)).isZero();
        OrderState state = shop.order(order);
        assertThat(state.receipt()).isEqualTo("pending");   // not "failed", not why: the failure reached nobody
        assertThat(state.loyaltyPoints()).isEqualTo(1);
        assertThat(shop.stats()).isEqualTo(new Stats(1, 0, 0, 1));
        assertThat(activeConnections()).isZero();
    }
}

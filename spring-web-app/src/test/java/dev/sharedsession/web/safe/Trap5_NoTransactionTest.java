package dev.sharedsession.web.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.Checkpoints.Gate;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.OrderState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 5's request on the safe shop. The same injected {@code EntityManager}, Spring's shared proxy:
 * what Spring makes safe is that each call on it finds the calling thread's own EntityManager (the
 * one bound to this thread's transaction, or a new one per call without a transaction), so the
 * proxy may be used by every thread at once. What it does not make safe, the transaction and the
 * entities, the task provides itself: {@code issueMissingReceipt} runs its reads and its persist
 * inside a transaction of its own thread's ({@code TransactionTemplate}), so they share one
 * EntityManager and its commit writes the receipt; the order it loads never leaves that thread.
 * Under the session guard, with zero refusals.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.properties.hibernate.session_guard=confined")
@DisplayName("Trap 5's request, safe: the background thread's own transaction around the injected EntityManager")
class Trap5_NoTransactionTest extends ShopTest {

    @Test
    @DisplayName("the missing receipt is written exactly once, in the background thread's own transaction, nothing logged")
    void theMissingReceiptIsIssuedInTheBackground() throws Exception {
        long order = orderOf("Bob", "South");                // an order without a receipt
        Gate workerCountsReceipts = checkpoints.noticing("background-", "sql: from receipt");

        Response accepted = shop.send("POST", "/orders/" + order + "/receipt", "");
        executor.awaitFinished(1);

        assertThat(accepted.status()).isEqualTo(202);
        workerCountsReceipts.awaitReached();
        assertThat(log.lines()).isEmpty();
        assertThat(receiptsOf(order)).isOne();
        assertThat(shop.order(order)).isEqualTo(new OrderState(order, "Bob", 1_000, "order " + order + ": 10.00 for Bob in South", 0));
        assertThat(activeConnections()).isZero();
    }
}

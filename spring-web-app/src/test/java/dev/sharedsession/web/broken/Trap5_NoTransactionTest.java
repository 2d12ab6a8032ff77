package dev.sharedsession.web.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.web.Checkpoints.Gate;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Trap 5. The {@code EntityManager} injected into a singleton is Spring's shared proxy
 * ({@code SharedEntityManagerCreator}). What Spring makes safe: the proxy itself. Every call on it
 * looks up the EntityManager bound to the <em>calling</em> thread's transaction
 * ({@code EntityManagerFactoryUtils.doGetTransactionalEntityManager}); with no transaction on that
 * thread, a query gets a new EntityManager that is closed when the query's results are in. So one
 * proxy in one field is used by every request and background thread at once, and no two threads
 * ever reach the same EntityManager through it. What it does not make safe: the transaction, which
 * stays on the thread that began it, and the entities, which belong to the EntityManager that loaded
 * them. {@code issueMissingReceipt} is {@code @Async} without {@code @Transactional}: its two reads
 * work (each on a throwaway EntityManager; the order comes back detached), and {@code persist}, which
 * needs a transaction to join, throws TransactionRequiredException. An {@code @Async void} method's
 * exception is only logged: the client got 202 and the receipt never comes.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT)
@DisplayName("Trap 5: the injected EntityManager on a background thread without a transaction")
class Trap5_NoTransactionTest extends ShopTest {

    @Test
    @DisplayName("the reads work, persist throws TransactionRequiredException, only a log line says so: the receipt never comes")
    void theMissingReceiptIsIssuedInTheBackground() throws Exception {
        long order = orderOf("Bob", "South");                // an order without a receipt
        Gate workerCountsReceipts = checkpoints.noticing("background-", "sql: from receipt");

        Response accepted = shop.send("POST", "/orders/" + order + "/receipt", "");
        executor.awaitFinished(1);

        assertThat(accepted.status()).isEqualTo(202);
        String worker = workerCountsReceipts.awaitReached(); // the second read ran: reads work
        assertThat(log.lines()).singleElement().asString().isEqualTo(
                "ERROR org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler [" + worker + "]:"
                        + " Unexpected exception occurred invoking async method: public void "
                        + BackgroundWork.class.getName() + ".issueMissingReceipt(long)"
                        + " | jakarta.persistence.TransactionRequiredException: No EntityManager with actual transaction"
                        + " available for current thread - cannot reliably process 'persist' call");
        assertThat(receiptsOf(order)).isZero();
        assertThat(shop.order(order).receipt()).isEqualTo("pending");
        assertThat(activeConnections()).isZero();
    }
}

package dev.sharedsession.web.broken;

import dev.sharedsession.web.shared.ShopConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The shop done wrong, the way it usually ships: {@code POST /orders} places an order and hands
 * the order <em>entity</em> to two {@code @Async} methods (a receipt, a loyalty point). It passes
 * every test that does not force the timing. Five traps, each forced by a test:
 * <ol>
 * <li>open-in-view on (Spring Boot's default): the request's EntityManager stays open until the
 *     response is written; the background thread lazy-loads through it while the request thread
 *     serialises from it: one Session on two threads ({@link BackgroundWork#issueReceipt}).</li>
 * <li>open-in-view off: the background thread lazy-loads after the EntityManager closed:
 *     LazyInitializationException, and an {@code @Async void} method's exception ends in a log
 *     line. The order has no receipt and {@code GET /orders/{id}} says "pending" for ever.</li>
 * <li>{@code POST /orders/{id}/shipment}: the carrier's estimate, an {@code @Async @Transactional}
 *     method, sets it on the request's shipment entity and merges it: the stale copy's address is
 *     written back over the one a later {@code PUT} committed, silently.</li>
 * <li>{@code POST /orders} of 500.00 or more: the stock reservation is started inside
 *     {@code place}'s transaction, with the new id; when the credit limit then refuses the order
 *     (409, rolled back), the warehouse has stock reserved for an order that never existed.</li>
 * <li>{@code POST /orders/{id}/receipt}: an {@code @Async} method without a transaction uses the
 *     injected EntityManager: the reads work, {@code persist} throws TransactionRequiredException,
 *     logged and nothing else.</li>
 * </ol>
 * Its tests: {@code ./mvnw -q verify -pl spring-web-app -am -Dstress.skip=true -Dsurefire.failIfNoSpecifiedTests=false -Dtest='dev/sharedsession/web/broken/**'}.
 */
@SpringBootApplication
@Import(ShopConfiguration.class)
@PropertySource("classpath:dev/sharedsession/web/broken/shop.properties")
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}

package dev.sharedsession.web.broken;

import dev.sharedsession.web.shared.ShopConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The shop done wrong, the way it usually ships: {@code POST /orders} places an order and hands
 * the order <em>entity</em> to two {@code @Async} methods (a receipt, a loyalty point). It passes
 * every test that does not force the timing. Two traps, each forced by a test:
 * <ol>
 * <li>open-in-view on (Spring Boot's default): the request's EntityManager stays open until the
 *     response is written; the background thread lazy-loads through it while the request thread
 *     serialises from it: one Session on two threads ({@link BackgroundWork#issueReceipt}).</li>
 * <li>open-in-view off: the background thread lazy-loads after the EntityManager closed:
 *     LazyInitializationException, and an {@code @Async void} method's exception ends in a log
 *     line. The order has no receipt and {@code GET /orders/{id}} says "pending" for ever.</li>
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

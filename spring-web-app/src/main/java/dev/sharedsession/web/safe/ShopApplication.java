package dev.sharedsession.web.safe;

import dev.sharedsession.web.shared.ShopConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The same shop done right: ids cross threads, never entities; the background work starts only
 * after the order's transaction committed ({@code @TransactionalEventListener(phase = AFTER_COMMIT)}
 * with {@code @Async}); each task runs in a transaction of its own on its own thread; open-in-view
 * is off and every response is built inside the service's transaction with an explicit fetch plan;
 * a task that fails is recorded where the client sees it ({@code GET /orders/{id}}: "receipt failed: ...";
 * {@code GET /orders/{id}/shipment}: "estimate failed: ..."). A task changes only what it loaded
 * itself, by id, and writes only the columns it changed; an order that rolls back starts nothing.
 * With the profile {@code durable}, the receipt is a job in the database instead, written by the
 * order's transaction and run by any JVM of the shop ({@link DurableReceipts}); a worker JVM is
 * this application with the profiles {@code durable,worker}.
 * Its tests: {@code ./mvnw -q verify -pl spring-web-app -am -Dstress.skip=true -Dsurefire.failIfNoSpecifiedTests=false -Dtest='dev/sharedsession/web/safe/**'}.
 */
@SpringBootApplication
@Import(ShopConfiguration.class)
@PropertySource("classpath:dev/sharedsession/web/safe/shop.properties")
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}

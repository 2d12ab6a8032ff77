package dev.sharedsession.web.shared;

import dev.sharedsession.model.Customer;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * What both applications share: the database, the entities (domain-model's and {@link BackgroundFailure}),
 * {@code @Async} on Boot's task executor (threads named {@code background-N}), and the 4xx answers.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
@EntityScan(basePackageClasses = {Customer.class, BackgroundFailure.class})
@Import({ShopDatabase.class, BadRequests.class})
public class ShopConfiguration {
}

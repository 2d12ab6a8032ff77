package dev.sharedsession.web.shared;

import dev.sharedsession.model.Customer;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * What both applications share: the database, the entities (domain-model's and {@link BackgroundFailure}),
 * {@code @Async} on Boot's task executor (threads named {@code background-N}), the 4xx answers, and
 * the reads that are the same in both ({@link ShopQueries}, {@link ReportController}). Imported, not
 * scanned: each {@code ShopApplication} scans only its own package, so neither picks up the other's beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
@EntityScan(basePackageClasses = {Customer.class, BackgroundFailure.class})
@Import({ShopDatabase.class, BadRequests.class, ShopQueries.class, ReportController.class})
public class ShopConfiguration {
}

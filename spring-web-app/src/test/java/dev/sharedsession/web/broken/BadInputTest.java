package dev.sharedsession.web.broken;

import dev.sharedsession.web.AbstractBadInputTest;
import dev.sharedsession.web.WebHooks;
import org.junit.jupiter.api.DisplayName;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** {@link AbstractBadInputTest}'s checks against the broken shop, with Spring Boot's defaults. */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT)
@DisplayName("Bad input: a 4xx with a one-line message")
class BadInputTest extends AbstractBadInputTest {
}

package dev.sharedsession.web.safe;

import dev.sharedsession.web.AbstractBadInputTest;
import dev.sharedsession.web.WebHooks;
import org.junit.jupiter.api.DisplayName;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** {@link AbstractBadInputTest}'s checks against the safe shop, under the session guard like every safe-side test. */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class}, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.jpa.properties.hibernate.session_guard=confined")
@DisplayName("Bad input, safe: a 4xx with a one-line message")
class BadInputTest extends AbstractBadInputTest {
}

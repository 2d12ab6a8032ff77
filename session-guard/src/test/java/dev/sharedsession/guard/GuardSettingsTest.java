package dev.sharedsession.guard;

import static dev.sharedsession.guard.ConfinedGuardTest.OWNED_BY_ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException.SessionOpenedHere;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Entities;
import dev.sharedsession.model.Fixtures;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The property in both bootstraps, its values, the open site, and checking a value before the bootstrap. */
@DisplayName("The one property: both bootstraps, off, a wrong value, the open site, a value checked at start-up")
class GuardSettingsTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final NamedThread alice = new NamedThread("alice");
    private final NamedThread bob = new NamedThread("bob");

    @AfterEach
    void stopThreads() {
        alice.close();
        bob.close();
    }

    @Test
    @DisplayName("JPA bootstrap (HibernatePersistenceConfiguration): the same property, the same refusal")
    void jpaBootstrap() {
        var configuration = new HibernatePersistenceConfiguration("guarded")
                .jdbcUrl("jdbc:h2:mem:guard_jpa_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1")
                .jdbcCredentials("sa", "")
                .schemaToolingAction(Action.CREATE_DROP)
                .property(SessionGuard.SETTING, "confined");
        Entities.ALL.forEach(configuration::managedClass);
        try (EntityManagerFactory factory = configuration.createEntityManagerFactory()) {
            long aliceId = Fixtures.customerWithOrders(factory.unwrap(SessionFactory.class), "Alice", "North", 2);
            EntityManager entityManager = alice.call(factory::createEntityManager);
            Customer customer = alice.call(() -> entityManager.find(Customer.class, aliceId));

            assertThat(bob.failureOf(() -> entityManager.find(Customer.class, aliceId)))
                    .isInstanceOf(SessionSharedAcrossThreadsException.class)
                    .hasMessage("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice"
                            + OWNED_BY_ALICE);
            assertThat(bob.failureOf(() -> customer.getOrders().size()))
                    .isInstanceOf(SessionSharedAcrossThreadsException.class)
                    .hasMessageStartingWith("Session used by thread 'bob' in lazy loading of Customer.orders");
            assertThat(SessionGuard.policy(entityManager)).isEqualTo(Policy.CONFINED);
            alice.run(entityManager::close);
        }
    }

    @Test
    @DisplayName("off, or no property at all: nothing is installed and a cross-thread call goes through unchecked")
    void offDoesNothing() {
        for (String value : new String[] {"off", null}) {
            var settings = Database.Settings.fromSystemProperties("GuardSettingsTest_off");
            try (Database db = Database.open(value == null ? settings : settings.withHibernateSetting(SessionGuard.SETTING, value))) {
                long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
                Session session = alice.call(db.sessionFactory()::openSession);

                assertThat(bob.call(() -> session.find(Customer.class, aliceId).getName())).isEqualTo("Alice");
                assertThat(SessionGuard.policy(session)).isEqualTo(Policy.OFF);
                alice.run(session::close);
            }
        }
    }

    @Test
    @DisplayName("a value that is not confined, exclusive, report or off fails the bootstrap, naming the setting")
    void aWrongValueFailsFast() {
        var settings = Database.Settings.fromSystemProperties("GuardSettingsTest_wrong")
                .withHibernateSetting(SessionGuard.SETTING, "sometimes");
        assertThatThrownBy(() -> Database.open(settings).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hibernate.session_guard=sometimes: expected confined, exclusive, report or off");
    }

    @Test
    @DisplayName("checkSetting passes every value the guard accepts, of each setting, and a setting left out")
    void checkSettingPassesWhatTheGuardAccepts() {
        assertThat(SessionGuard.SETTINGS).containsExactly(SessionGuard.SETTING, SessionGuard.OPEN_SITE_SETTING);
        for (Object value : new Object[] {"confined", "exclusive", "report", "off", " Confined ", " REPORT ", "", null}) {
            assertThatNoException().as(SessionGuard.SETTING + "=" + value)
                    .isThrownBy(() -> SessionGuard.checkSetting(SessionGuard.SETTING, value));
        }
        assertThat(Policy.parse(" Report ")).isEqualTo(Policy.REPORT);
        for (Object value : new Object[] {"true", "false", "TRUE", "", null, Boolean.TRUE}) {
            assertThatNoException().as(SessionGuard.OPEN_SITE_SETTING + "=" + value)
                    .isThrownBy(() -> SessionGuard.checkSetting(SessionGuard.OPEN_SITE_SETTING, value));
        }
    }

    @Test
    @DisplayName("checkSetting fails a bad value of each setting with the guard's own message, and a key the guard does not read")
    void checkSettingFailsWithTheGuardsMessage() {
        // The same message as the bootstrap's in aWrongValueFailsFast: an application that checks first sees what Hibernate would say.
        assertThatThrownBy(() -> SessionGuard.checkSetting(SessionGuard.SETTING, "sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hibernate.session_guard=sometimes: expected confined, exclusive, report or off");
        assertThatThrownBy(() -> SessionGuard.checkSetting(SessionGuard.OPEN_SITE_SETTING, "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hibernate.session_guard.open_site=yes: expected true or false");
        // Hibernate ignores a misspelt key without a word; checking it says so.
        assertThatThrownBy(() -> SessionGuard.checkSetting("hibernate.session_guard.openSite", "true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hibernate.session_guard.openSite is not a setting of the session guard"
                        + " (it reads hibernate.session_guard, hibernate.session_guard.open_site)");
    }

    @Test
    @DisplayName("open_site=true: the message says where the Session was opened, and the cause has that stack")
    void openSiteWhenAskedFor() {
        try (Database db = GuardedDatabase.openRecordingOpenSites("GuardSettingsTest_site", "confined")) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
            Session session = alice.call(() -> db.sessionFactory().openSession()); // the open site

            Throwable refused = bob.failureOf(() -> session.find(Customer.class, aliceId));

            assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class)
                    .hasMessageStartingWith("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice'")
                    .hasMessageContaining(OWNED_BY_ALICE.substring(1) + " Opened at dev.sharedsession.guard.GuardSettingsTest.")
                    .hasMessageEndingWith("(GuardSettingsTest.java:" + lineOfOpenSite() + ") (the cause has the whole stack).")
                    .cause().isInstanceOf(SessionOpenedHere.class)
                    .hasMessage("the Session was opened here, by thread 'alice'");
            alice.run(session::close);
        }
    }

    @Test
    @DisplayName("without open_site there is no open site: no stack is captured")
    void noOpenSiteByDefault() {
        try (Database db = GuardedDatabase.open("GuardSettingsTest_nosite", "confined")) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
            Session session = alice.call(db.sessionFactory()::openSession);
            assertThat(bob.failureOf(() -> session.find(Customer.class, aliceId)))
                    .isInstanceOf(SessionSharedAcrossThreadsException.class)
                    .hasNoCause()
                    .message().doesNotContain("Opened at");
            alice.run(session::close);
        }
    }

    /** The line of "the open site" above, found in this file's own source. */
    private static int lineOfOpenSite() {
        try {
            var lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    "src/test/java/dev/sharedsession/guard/GuardSettingsTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("// the open site")) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no open site line");
    }
}

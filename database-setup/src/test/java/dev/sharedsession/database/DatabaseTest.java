package dev.sharedsession.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.model.Fixtures;
import java.sql.Connection;
import org.hibernate.Session;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A Database is a pool, a SessionFactory over it, and a leak check")
class DatabaseTest {

    @Test
    @DisplayName("a fresh database has the schema and no rows")
    void freshDatabaseIsEmpty() {
        try (Database db = fresh("empty")) {
            assertThat(db.countRows("Customer")).isZero();
            Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
            assertThat(db.countRows("PurchaseOrder")).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("activeConnections() counts the connection a Session holds, and drops to zero when it closes")
    void activeConnectionsSeesTheSessionsConnection() {
        try (Database db = fresh("active")) {
            try (Session session = db.sessionFactory().openSession()) {
                session.beginTransaction();
                session.doWork(Connection::getAutoCommit);
                assertThat(db.activeConnections()).isEqualTo(1);
                session.getTransaction().rollback();
            }
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("two databases are never the same database")
    void databasesAreIsolated() {
        try (Database first = fresh("isolated"); Database second = fresh("isolated")) {
            Fixtures.customerWithOrders(first.sessionFactory(), "Alice", "North", 0);
            assertThat(first.countRows("Customer")).isEqualTo(1);
            assertThat(second.countRows("Customer")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:h2:tcp://127.0.0.1:1/nowhere", "jdbc:postgresql://127.0.0.1:1/test", "jdbc:mariadb://127.0.0.1:1/test"})
    @DisplayName("an unreachable database fails with one line that says what to do")
    void unreachableDatabase(String url) {
        var settings = Database.Settings.h2InMemory("unused");
        var unreachable = new Database.Settings(url, "nobody", "", 2,
                settings.connectionTimeout(), settings.hibernateSettings());
        assertThatThrownBy(() -> Database.open(unreachable))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to " + url + " (")
                .hasMessageEndingWith("is the server running? Check -Ddb, -Ddb.url, -Ddb.user and DB_PASSWORD,"
                        + " or leave -Ddb out to use the embedded H2 database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    @DisplayName("extra Hibernate settings reach the SessionFactory")
    void extraSettingsReachTheFactory() {
        var settings = Database.Settings.h2InMemory("thread-context")
                .withHibernateSetting(AvailableSettings.CURRENT_SESSION_CONTEXT_CLASS, "thread");
        try (Database db = Database.open(settings)) {
            Session current = db.sessionFactory().getCurrentSession();
            current.beginTransaction();
            assertThat(db.sessionFactory().getCurrentSession()).isSameAs(current);
            current.getTransaction().commit(); // the thread context closes and unbinds it
        }
    }

    /** The database the build's switch chooses (-Ddb), H2 by default. */
    private static Database fresh(String label) {
        return Database.open(Database.Settings.fromSystemProperties(label));
    }
}

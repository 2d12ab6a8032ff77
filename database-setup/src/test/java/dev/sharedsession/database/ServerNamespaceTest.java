package dev.sharedsession.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sharedsession.model.Fixtures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs on a server only (-Ddb=postgresql or -Ddb=mariadb); on H2 every database is fresh anyway. */
@DisplayName("On a server, every Database gets a namespace of its own, dropped when it closes")
class ServerNamespaceTest {

    private Database.Settings settings;

    @BeforeEach
    void onAServerOnly() {
        settings = Database.Settings.fromSystemProperties("namespace");
        assumeTrue(settings.engine().isServer(), "needs -Ddb=postgresql or -Ddb=mariadb");
    }

    @Test
    @DisplayName("two databases open at once do not see each other's rows, and closing one drops its namespace")
    void isolatedAndDropped() throws SQLException {
        String first;
        try (Database one = Database.open(settings); Database two = Database.open(settings)) {
            Fixtures.customerWithOrders(one.sessionFactory(), "Alice", "North", 2);
            assertThat(one.countRows("Customer")).isEqualTo(1);
            assertThat(two.countRows("Customer")).isZero();
            first = namespacesOnServer().stream().filter(n -> n.startsWith("ss_" + ProcessHandle.current().pid() + "_"))
                    .findFirst().orElseThrow();
        }
        assertThat(namespacesOnServer()).doesNotContain(first);
    }

    @Test
    @DisplayName("a database opened from another's settings (a smaller pool) works on the same tables and leaves the namespace to its owner")
    void aDerivedDatabaseSharesTheNamespace() throws SQLException {
        try (Database owner = Database.open(settings)) {
            try (Database smallPool = Database.open(owner.settings().withPoolSize(2))) {
                assertThat(smallPool.settings().url()).isEqualTo(owner.settings().url());
                Fixtures.customerWithOrders(smallPool.sessionFactory(), "Alice", "North", 1);
            }
            assertThat(owner.countRows("Customer")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a namespace left by a process that no longer runs is swept away by the next run's first database")
    void leftoversOfADeadProcessAreSwept() throws SQLException {
        // A process id above the kernel's limit (4194304 at most on Linux): that process never runs.
        String leftover = "ss_" + (Integer.MAX_VALUE - 1) + "_1";
        execute(settings.engine() == Engine.POSTGRESQL ? "create schema " + leftover : "create database " + leftover);
        assertThat(namespacesOnServer()).contains(leftover);

        ServerNamespace.sweepLeftovers(settings.engine(), settings);

        assertThat(namespacesOnServer()).doesNotContain(leftover);
    }

    private List<String> namespacesOnServer() throws SQLException {
        String list = settings.engine() == Engine.POSTGRESQL
                ? "select nspname from pg_namespace where nspname like 'ss\\_%'"
                : "show databases like 'ss\\_%'";
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(list)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

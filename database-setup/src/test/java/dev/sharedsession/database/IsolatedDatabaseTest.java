package dev.sharedsession.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** On H2 nothing to isolate; on a server (-Ddb=postgresql|mariadb) a namespace of its own, dropped on close. */
@DisplayName("IsolatedDatabase: the switch and a namespace per run, without a SessionFactory")
class IsolatedDatabaseTest {

    @Test
    @DisplayName("a table made through its URL is in its own namespace, and closing drops the namespace")
    void ownNamespaceDroppedOnClose() throws SQLException {
        Database.Settings chosen = Database.Settings.fromSystemProperties("isolated");
        String name;
        try (IsolatedDatabase place = IsolatedDatabase.open(chosen)) {
            name = place.namespace();
            if (!chosen.engine().isServer()) {
                assertThat(place.settings()).isSameAs(chosen);
                assertThat(name).isNull();
                return;
            }
            assertThat(name).matches("ss_" + ProcessHandle.current().pid() + "_\\d+");
            assertThat(place.settings().url()).contains(name).isNotEqualTo(chosen.url());
            try (Connection connection = DriverManager.getConnection(place.settings().url(), chosen.user(), chosen.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("create table isolated_probe (id int)");
            }
        }
        String list = chosen.engine() == Engine.POSTGRESQL
                ? "select count(*) from pg_namespace where nspname = '" + name + "'"
                : "select count(*) from information_schema.schemata where schema_name = '" + name + "'";
        try (Database admin = Database.open(chosen)) {
            assertThat(admin.queryForLong(list)).isZero();
        }
    }
}

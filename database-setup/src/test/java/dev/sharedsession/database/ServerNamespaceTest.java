package dev.sharedsession.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sharedsession.model.Fixtures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs on a server only (-Ddb=postgresql or -Ddb=mariadb); on H2 every database is fresh anyway. */
@DisplayName("On a server, every Database gets a namespace of its own, dropped when it closes")
class ServerNamespaceTest {

    /** A process id above the kernel's limit (4194304 at most on Linux): that process never runs here. */
    private static final long DEAD_PID = Integer.MAX_VALUE - 1;
    private static final String NO_RIGHTS = "ss_no_rights";

    private Database.Settings settings;
    private final List<String> handMade = new ArrayList<>();

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
    @DisplayName("a namespace whose pid is dead here but whose lease another machine's run holds is not swept")
    void aLeasedNamespaceIsLeftAlone() throws SQLException {
        // Another machine's live run: its pid means nothing here (above the kernel's limit of
        // 4194304, so no process of this machine has it), its lease held on a session of its own.
        String theirs = handMade(DEAD_PID + "_1");
        try (Connection otherMachine = connect()) {
            assertThat(tryLease(otherMachine, theirs)).isTrue();

            ServerNamespace.sweepLeftovers(settings.engine(), settings);

            assertThat(namespacesOnServer()).contains(theirs);
        }
    }

    @Test
    @DisplayName("a namespace whose lease is free is swept, whether its pid is dead here or alive (reused)")
    void aNamespaceWithAFreeLeaseIsSwept() throws SQLException {
        String deadPid = handMade(DEAD_PID + "_2");
        // The pid of a live process on this machine (this very JVM), as a reused pid would look.
        String reusedPid = handMade(ProcessHandle.current().pid() + "_" + (900_000 + (System.nanoTime() & 0xffff)));

        ServerNamespace.sweepLeftovers(settings.engine(), settings);

        assertThat(namespacesOnServer()).doesNotContain(deadPid, reusedPid);
    }

    @Test
    @DisplayName("a namespace holds its lease until it closes; then it is gone and its lease free")
    void aNamespaceHoldsItsLeaseUntilClosed() throws SQLException {
        String name;
        try (Connection other = connect()) {
            try (ServerNamespace namespace = ServerNamespace.create(settings.engine(), settings)) {
                name = namespace.name();
                assertThat(tryLease(other, name)).as("another session takes the lease of a live namespace").isFalse();
            }
            assertThat(namespacesOnServer()).doesNotContain(name);
            assertThat(tryLease(other, name)).as("the lease after close").isTrue();
        }
    }

    @Test
    @DisplayName("a user without the right to create a namespace gets one line naming the GRANT, and that GRANT is enough")
    void aUserWithoutTheRightIsToldWhichGrantToRun() throws SQLException {
        boolean postgresql = settings.engine() == Engine.POSTGRESQL;
        execute(postgresql ? "create role " + NO_RIGHTS + " login" : "create user '" + NO_RIGHTS + "'@'%'");
        Database.Settings noRights = new Database.Settings(settings.url(), NO_RIGHTS, "", 2,
                settings.connectionTimeout(), settings.hibernateSettings());

        assertThatThrownBy(() -> IsolatedDatabase.open(noRights)).isInstanceOf(IllegalStateException.class)
                .satisfies(refused -> assertOneLineNamingTheGrant(refused.getMessage()));
        // ./lab, ./lab web and ./bench ask before a run starts, and print this line with exit code 2.
        assertThatThrownBy(() -> Database.describeServer(noRights, Database.Switches.PROPERTIES))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(refused -> assertOneLineNamingTheGrant(refused.getMessage()));

        String message = catchThrowable(() -> IsolatedDatabase.open(noRights)).getMessage();
        execute(message.substring(message.indexOf("run GRANT ") + "run ".length(), message.indexOf(", or choose")));
        // Hibernate's schema export (tables, sequences, foreign keys), rows written and read, the namespace dropped.
        String name;
        try (Database granted = Database.open(noRights)) {
            Fixtures.customerWithOrders(granted.sessionFactory(), "Alice", "North", 2);
            assertThat(granted.countRows("Customer")).isEqualTo(1);
            Matcher namespace = Pattern.compile("ss_\\d+_\\d+").matcher(granted.settings().url());
            assertThat(namespace.find()).isTrue();
            name = namespace.group();
        }
        assertThat(namespacesOnServer()).doesNotContain(name);
    }

    private void assertOneLineNamingTheGrant(String message) {
        assertThat(message).doesNotContain("\n").contains("user " + NO_RIGHTS, settings.url(), "-Ddb.user");
        if (settings.engine() == Engine.POSTGRESQL) {
            assertThat(message).contains("CREATE on the database", "GRANT CREATE ON DATABASE ", " TO " + NO_RIGHTS + ",");
        } else {
            assertThat(message).contains("CREATE and DROP", "ON `ss\\_%`.* TO '" + NO_RIGHTS + "'@'%'");
        }
    }

    @AfterEach
    void leaveNothingBehind() throws SQLException {
        if (!settings.engine().isServer()) {
            return;
        }
        for (String name : handMade) {
            execute(settings.engine() == Engine.POSTGRESQL
                    ? "drop schema if exists " + name + " cascade" : "drop database if exists " + name);
        }
        if (settings.engine() == Engine.POSTGRESQL) {
            execute("do $$ begin if exists (select from pg_roles where rolname = '" + NO_RIGHTS + "') then "
                    + "drop owned by " + NO_RIGHTS + "; drop role " + NO_RIGHTS + "; end if; end $$");
        } else {
            execute("drop user if exists '" + NO_RIGHTS + "'@'%'");
        }
    }

    /** A namespace made by hand, as another run, elsewhere or dead, would have left it. */
    private String handMade(String suffix) throws SQLException {
        String name = "ss_" + suffix;
        handMade.add(name);
        execute(settings.engine() == Engine.POSTGRESQL ? "create schema " + name : "create database " + name);
        assertThat(namespacesOnServer()).contains(name);
        return name;
    }

    /** The lease, taken the way any run on any machine takes it (see ServerNamespace). */
    private boolean tryLease(Connection connection, String name) throws SQLException {
        String sql = settings.engine() == Engine.POSTGRESQL
                ? "select pg_try_advisory_lock(hashtextextended(?, 0))::int"
                : "select get_lock(?, 0)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getInt(1) == 1;
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
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
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

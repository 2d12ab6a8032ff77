package dev.sharedsession.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh namespace on a database server for one {@link Database}, so that tests and runs on
 * one server never see each other's tables: a schema on PostgreSQL, a database on MariaDB,
 * created when the Database opens and dropped when it closes.
 *
 * <p>Names are {@code ss_<pid>_<n>}: the JVM's process id and a counter, a hint for a person
 * reading the server's list and nothing more, since runs from several machines may share one
 * server and a pid means nothing on another machine.
 *
 * <p>What says a namespace is in use is its <em>lease</em>, a lock on the server held for the
 * namespace's whole life by the process that created it, on a connection of its own that stays
 * open until {@link #close()}: on PostgreSQL the session-level advisory lock
 * {@code pg_try_advisory_lock(hashtextextended('<name>', 0))}, on MariaDB
 * {@code GET_LOCK('<name>', 0)}. If the JVM dies, wherever it ran, the server ends its session
 * and the lease is free. The first namespace a JVM creates sweeps away every {@code ss_}
 * namespace whose lease it can take (a try, never a wait): its owner is gone, so a crashed run
 * leaves nothing that breaks, or piles up for, the next, and a live run elsewhere loses nothing.
 * (A namespace made by a version of this class older than the lease holds none, and is swept as
 * a leftover.)
 *
 * <p>The user needs the right to create one: CREATE on the database (PostgreSQL); CREATE and DROP
 * on databases named {@code ss\_%}, and the rights on their tables that Hibernate's schema export
 * and the runs use (MariaDB). Without it, one line says which GRANT to run.
 */
final class ServerNamespace implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerNamespace.class);
    private static final String PREFIX = "ss_";
    private static final Pattern OURS = Pattern.compile("ss_\\d+_\\d+");
    private static final Pattern URL_INTO_OURS = Pattern.compile("(currentSchema=|/)ss_\\d+_\\d+\\b");
    private static final Pattern MARIADB_URL = Pattern.compile("^(jdbc:(?:mariadb|mysql)://[^/?]+/)([^?;]*)(.*)$");
    /** PostgreSQL: insufficient_privilege. */
    private static final String POSTGRESQL_NO_PRIVILEGE = "42501";
    /** PostgreSQL: duplicate_schema. */
    private static final String POSTGRESQL_EXISTS = "42P06";
    /** MariaDB: ER_DBACCESS_DENIED_ERROR, ER_DB_CREATE_EXISTS. */
    private static final int MARIADB_NO_PRIVILEGE = 1044;
    private static final int MARIADB_EXISTS = 1007;
    /** Names tried before giving up: another run holding the same name is rare, ten in a row a bug. */
    private static final int ATTEMPTS = 10;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private final Engine engine;
    private final Database.Settings admin;
    private final String name;
    private final String url;
    /** Holds the lease from creation to close; the namespace is created and dropped on it too. */
    private final Connection lease;

    private ServerNamespace(Engine engine, Database.Settings admin, String name, String url, Connection lease) {
        this.engine = engine;
        this.admin = admin;
        this.name = name;
        this.url = url;
        this.lease = lease;
    }

    /** Creates a fresh namespace on the server {@code settings} points at. */
    static ServerNamespace create(Engine engine, Database.Settings settings) {
        return create(engine, settings, Database.Switches.PROPERTIES);
    }

    /**
     * Creates a namespace and drops it again: whether this user may, said before a run starts.
     * Throws {@link IllegalStateException} with the one line for an unreachable server or a
     * missing right, the switches named as the user typed them.
     */
    static void checkRights(Database.Settings settings, Database.Switches switches) {
        create(settings.engine(), settings, switches).close();
    }

    private static ServerNamespace create(Engine engine, Database.Settings settings, Database.Switches switches) {
        if (engine == Engine.H2) {
            throw new IllegalArgumentException("H2 needs no namespace: each database is fresh in memory");
        }
        if (SWEPT.compareAndSet(false, true)) {
            sweepLeftovers(engine, settings);
        }
        Connection connection = null;
        try {
            connection = connect(engine, settings);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                String name = PREFIX + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
                // The lease first: a name whose lease someone holds is theirs, even before it exists.
                if (!tryLease(connection, engine, name)) {
                    continue;
                }
                String url = urlFor(engine, settings.url(), name);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(engine == Engine.POSTGRESQL ? "create schema " + name : "create database " + name);
                    return new ServerNamespace(engine, settings, name, url, connection);
                } catch (SQLException e) {
                    releaseLease(connection, engine, name);
                    if (!exists(engine, e)) {
                        throw e;
                    }
                    // Left by a run that is gone, with the same pid on some machine: the sweep's, not ours.
                }
            }
            throw new IllegalStateException("no free namespace name after " + ATTEMPTS + " tries on " + settings.url());
        } catch (SQLException e) {
            IllegalStateException failure = noRight(engine, e) && connection != null
                    ? missingRight(engine, settings, connection, e, switches)
                    : unreachable(settings, e, switches);
            closeQuietly(connection);
            throw failure;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Whether {@code url} already points into one of our namespaces (then it is used as it is). */
    static boolean isOurs(String url) {
        return URL_INTO_OURS.matcher(url).find();
    }

    /** The JDBC URL whose connections work inside this namespace. */
    String url() {
        return url;
    }

    String name() {
        return name;
    }

    /** Drops the namespace, then gives the lease back and closes its connection. */
    @Override
    public void close() {
        try (Statement statement = lease.createStatement()) {
            statement.execute(dropStatement(engine, name));
        } catch (SQLException e) {
            // Not fatal for the test that is ending; once the lease is free, any run's sweep drops it.
            log.warn("could not drop {} on {}: {}", name, admin.url(), e.getMessage());
        } finally {
            releaseLease(lease, engine, name);
            closeQuietly(lease);
        }
    }

    /**
     * Drops every {@code ss_} namespace whose lease is free: its owner, on whichever machine, is
     * gone. Each is leased while it is dropped, so two sweeps never drop the same one; one whose
     * lease is held is left alone. A namespace this user may not drop (another user's schema on
     * PostgreSQL) is left to its owner's next run.
     */
    static void sweepLeftovers(Engine engine, Database.Settings settings) {
        String list = engine == Engine.POSTGRESQL
                ? "select nspname from pg_namespace where nspname like 'ss\\_%'"
                : "show databases like 'ss\\_%'";
        try (Connection connection = connect(engine, settings)) {
            List<String> names = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(list)) {
                while (rows.next()) {
                    if (OURS.matcher(rows.getString(1)).matches()) {
                        names.add(rows.getString(1));
                    }
                }
            }
            for (String name : names) {
                if (!tryLease(connection, engine, name)) {
                    continue;
                }
                try (Statement statement = connection.createStatement()) {
                    log.info("dropping {} left on the server by a run that ended without cleaning up", name);
                    statement.execute(dropStatement(engine, name));
                } catch (SQLException e) {
                    log.info("left {} on the server for its owner to drop: {}", name, e.getMessage());
                } finally {
                    releaseLease(connection, engine, name);
                }
            }
        } catch (SQLException e) {
            throw unreachable(settings, e, Database.Switches.PROPERTIES);
        }
    }

    /** Takes {@code name}'s lease on {@code connection} if it is free, without waiting. */
    private static boolean tryLease(Connection connection, Engine engine, String name) throws SQLException {
        String sql = engine == Engine.POSTGRESQL
                ? "select pg_try_advisory_lock(hashtextextended(?, 0))::int"
                : "select get_lock(?, 0)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getInt(1) == 1;
            }
        }
    }

    private static void releaseLease(Connection connection, Engine engine, String name) {
        String sql = engine == Engine.POSTGRESQL
                ? "select pg_advisory_unlock(hashtextextended(?, 0))"
                : "select release_lock(?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            statement.executeQuery().close();
        } catch (SQLException e) {
            // The connection is about to close, and the server frees the lease with it.
            log.debug("could not release the lease of {}: {}", name, e.getMessage());
        }
    }

    private static String urlFor(Engine engine, String baseUrl, String name) {
        if (engine == Engine.POSTGRESQL) {
            return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }
        Matcher url = MARIADB_URL.matcher(baseUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("cannot tell the database in " + baseUrl
                    + "; write it as jdbc:mariadb://host:port/database");
        }
        return url.group(1) + name + url.group(3);
    }

    /**
     * Where namespaces are created, listed and dropped from. On MariaDB the server itself, no
     * database chosen, so that the user needs rights on {@code ss\_%} databases only.
     */
    static String adminUrl(Engine engine, String url) {
        if (engine != Engine.MARIADB) {
            return url;
        }
        Matcher parts = MARIADB_URL.matcher(url);
        return parts.matches() ? parts.group(1) + parts.group(3) : url;
    }

    private static String dropStatement(Engine engine, String name) {
        return engine == Engine.POSTGRESQL ? "drop schema " + name + " cascade" : "drop database " + name;
    }

    private static boolean exists(Engine engine, SQLException e) {
        return engine == Engine.POSTGRESQL ? POSTGRESQL_EXISTS.equals(e.getSQLState()) : e.getErrorCode() == MARIADB_EXISTS;
    }

    private static boolean noRight(Engine engine, SQLException e) {
        return engine == Engine.POSTGRESQL
                ? POSTGRESQL_NO_PRIVILEGE.equals(e.getSQLState())
                : e.getErrorCode() == MARIADB_NO_PRIVILEGE;
    }

    private static Connection connect(Engine engine, Database.Settings settings) throws SQLException {
        return DriverManager.getConnection(adminUrl(engine, settings.url()), settings.user(), settings.password());
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("could not close a namespace's connection: {}", e.getMessage());
        }
    }

    private static IllegalStateException unreachable(Database.Settings settings, SQLException e, Database.Switches switches) {
        return new IllegalStateException(Database.cannotConnect(settings.url(), firstLine(e), switches), e);
    }

    /**
     * The one line said when the user may not create a namespace: who, where, the right that is
     * missing and the GRANT that gives it, worded like {@link Database#cannotConnect}.
     */
    private static IllegalStateException missingRight(Engine engine, Database.Settings settings, Connection connection,
                                                      SQLException e, Database.Switches switches) {
        String grant;
        String what;
        if (engine == Engine.POSTGRESQL) {
            String database = ask(connection, "select current_database()", "<database>");
            what = "may not create a schema in database " + database + " (CREATE on the database)";
            grant = "GRANT CREATE ON DATABASE " + database + " TO " + settings.user();
        } else {
            // CURRENT_USER() is the account the server matched, user@host: the GRANT must name it.
            String account = ask(connection, "select current_user()", settings.user() + "@%");
            int at = account.lastIndexOf('@');
            String quoted = "'" + account.substring(0, at) + "'@'" + account.substring(at + 1) + "'";
            what = "may not create a database named ss_... (CREATE and DROP on `ss\\_%`)";
            grant = "GRANT CREATE, DROP, ALTER, INDEX, SELECT, INSERT, UPDATE, DELETE ON `ss\\_%`.* TO " + quoted;
        }
        return new IllegalStateException("user " + settings.user() + " " + what + " on " + settings.url()
                + " (" + firstLine(e) + "); every run needs a namespace of its own: as an administrator, run "
                + grant + ", or choose another user with " + switches.user(), e);
    }

    private static String ask(Connection connection, String sql, String otherwise) {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : otherwise;
        } catch (SQLException e) {
            return otherwise;
        }
    }

    private static String firstLine(SQLException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}

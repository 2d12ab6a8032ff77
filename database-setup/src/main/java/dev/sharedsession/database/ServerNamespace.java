package dev.sharedsession.database;

import java.sql.Connection;
import java.sql.DriverManager;
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
 * <p>Names are {@code ss_<pid>_<n>}: the JVM's process id and a counter. A JVM that crashed
 * cannot drop its own; the first namespace a JVM creates on a server sweeps away every
 * {@code ss_} namespace whose process is no longer alive on this machine, so a crashed run
 * leaves nothing that breaks, or piles up for, the next.
 */
final class ServerNamespace implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerNamespace.class);
    private static final String PREFIX = "ss_";
    private static final Pattern OURS = Pattern.compile("ss_(\\d+)_\\d+");
    private static final Pattern URL_INTO_OURS = Pattern.compile("(currentSchema=|/)ss_\\d+_\\d+\\b");
    private static final Pattern MARIADB_URL = Pattern.compile("^(jdbc:(?:mariadb|mysql)://[^/?]+/)([^?;]*)(.*)$");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private final Engine engine;
    private final Database.Settings admin;
    private final String name;
    private final String url;

    private ServerNamespace(Engine engine, Database.Settings admin, String name, String url) {
        this.engine = engine;
        this.admin = admin;
        this.name = name;
        this.url = url;
    }

    /** Creates a fresh namespace on the server {@code settings} points at. */
    static ServerNamespace create(Engine engine, Database.Settings settings) {
        String name = PREFIX + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        if (SWEPT.compareAndSet(false, true)) {
            sweepLeftovers(engine, settings);
        }
        execute(settings, switch (engine) {
            case POSTGRESQL -> "create schema " + name;
            case MARIADB -> "create database " + name;
            case H2 -> throw new IllegalArgumentException("H2 needs no namespace: each database is fresh in memory");
        });
        return new ServerNamespace(engine, settings, name, urlFor(engine, settings.url(), name));
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

    @Override
    public void close() {
        try {
            execute(admin, dropStatement(engine, name));
        } catch (RuntimeException e) {
            // Not fatal for the test that is ending; the next JVM's sweep removes it.
            log.warn("could not drop {} on {}: {}", name, admin.url(), e.getMessage());
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

    private static String dropStatement(Engine engine, String name) {
        return engine == Engine.POSTGRESQL ? "drop schema " + name + " cascade" : "drop database " + name;
    }

    /** Drops every {@code ss_} namespace whose process no longer runs on this machine. */
    static void sweepLeftovers(Engine engine, Database.Settings settings) {
        String list = engine == Engine.POSTGRESQL
                ? "select nspname from pg_namespace where nspname like 'ss\\_%'"
                : "show databases like 'ss\\_%'";
        List<String> stale = new ArrayList<>();
        try (Connection connection = connect(settings);
             Statement statement = connection.createStatement();
             ResultSet names = statement.executeQuery(list)) {
            while (names.next()) {
                Matcher ours = OURS.matcher(names.getString(1));
                boolean alive = ours.matches()
                        && ProcessHandle.of(Long.parseLong(ours.group(1))).map(ProcessHandle::isAlive).orElse(false);
                if (ours.matches() && !alive) {
                    stale.add(ours.group());
                }
            }
        } catch (SQLException e) {
            throw unreachable(settings, e);
        }
        for (String name : stale) {
            log.info("dropping {} left on the server by a run that ended without cleaning up", name);
            execute(settings, dropStatement(engine, name));
        }
    }

    private static void execute(Database.Settings settings, String sql) {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw unreachable(settings, e);
        }
    }

    private static Connection connect(Database.Settings settings) throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }

    private static IllegalStateException unreachable(Database.Settings settings, SQLException e) {
        return new IllegalStateException(Database.cannotConnect(settings.url(), e.getMessage(), Database.Switches.PROPERTIES), e);
    }
}

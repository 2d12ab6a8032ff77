package dev.sharedsession.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sharedsession.model.Entities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database for one test or one run of a program: a HikariCP pool and a {@link SessionFactory}
 * over it with the schema created from the entities. A harness may wire an
 * {@link Instrumentation} into the factory (the race harness's pause points do), so that a test
 * can stop a thread inside Hibernate; the lessons themselves never see it.
 *
 * <p>The default is a fresh in-memory H2 database with a unique name, gone when the pool
 * closes, so a test that leaks a connection or abandons a stuck thread cannot poison the next
 * one. A server is one switch away: {@code -Ddb=postgresql} or {@code -Ddb=mariadb} (the local
 * servers), or {@code -Ddb.url=...}/{@code DB_URL} and {@code -Ddb.user=...}/{@code DB_USER}, the password
 * only from {@code DB_PASSWORD} or {@code -Ddb.password.file}: see {@link Settings#chosen}. There
 * every Database gets a schema (PostgreSQL) or database (MariaDB) of its own, dropped on close.
 *
 * <p><b>Why the native bootstrap.</b> Hibernate 7 offers two routes: the JPA-style
 * {@code HibernatePersistenceConfiguration} and the native {@link MetadataSources}. They differ
 * exactly where this project looks: with the JPA route, {@code close()} on a Session whose
 * transaction is still active is <em>deferred</em> until that transaction ends (the JPA
 * rule), so the Session stays usable by another thread after its owner "closed" it. With the
 * native route, {@code close()} closes at once: the JDBC connection goes back to the pool and
 * every later call fails with "Session/EntityManager is closed". We use the native route so
 * that a close is a close, the same every time; {@code BootstrapChoiceTest} proves the
 * difference on this stack.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Each pool's own number, taken when it opens: the log lines of two pools never share a name. */
    private static final AtomicInteger POOLS = new AtomicInteger();

    /**
     * Where to connect, how big the pool is, and any extra Hibernate settings a scenario needs
     * (such as {@code hibernate.current_session_context_class}).
     */
    public record Settings(String url, String user, String password, int poolSize,
                           Duration connectionTimeout, Map<String, Object> hibernateSettings) {

        public Settings {
            hibernateSettings = Map.copyOf(hibernateSettings);
        }

        /** A fresh, uniquely named in-memory H2 database that vanishes when its pool closes. */
        public static Settings h2InMemory(String label) {
            String name = label.replaceAll("[^A-Za-z0-9]+", "_") + "_" + DATABASES.incrementAndGet();
            return new Settings("jdbc:h2:mem:" + name + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 10,
                    Duration.ofSeconds(5), Map.of());
        }

        /**
         * The database chosen by the one switch: {@code -Ddb=h2|postgresql|mariadb} (or the
         * environment variable {@code DB}), default {@code h2}: a fresh in-memory H2 database.
         * A server is the local one ({@link Engine#defaultUrl()}) unless {@code -Ddb.url} /
         * {@code DB_URL} names another (then {@code -Ddb} may be left out: the URL says which),
         * with {@code -Ddb.user} / {@code DB_USER}. The password comes from the environment
         * ({@code DB_PASSWORD}) or a file ({@code -Ddb.password.file} / {@code DB_PASSWORD_FILE}),
         * never from the command line, where every user of the machine can read it.
         */
        public static Settings fromSystemProperties(String label) {
            return chosen(label, null, null, null);
        }

        /**
         * The same, with a program's own choices (its options for the engine, the URL and the user)
         * taking the place of the properties; a null choice falls back to them.
         */
        public static Settings chosen(String label, String db, String dbUrl, String dbUser) {
            if (System.getProperty("db.password") != null) {
                throw new IllegalArgumentException("-Ddb.password puts the password on the command line, where anyone"
                        + " on this machine can read it: set DB_PASSWORD or -Ddb.password.file=FILE instead");
            }
            String url = dbUrl != null ? dbUrl : setting("db.url", "DB_URL");
            String chosen = db != null ? db : setting("db", "DB");
            Engine engine = chosen != null ? Engine.named(chosen) : url != null ? Engine.ofUrl(url) : Engine.H2;
            if (url == null && engine == Engine.H2) {
                return h2InMemory(label);
            }
            if (url != null && chosen != null && Engine.ofUrl(url) != engine) {
                throw new IllegalArgumentException("-Ddb=" + engine.word() + " does not match the URL " + url
                        + "; leave one of them out");
            }
            String user = dbUser != null ? dbUser : setting("db.user", "DB_USER");
            return new Settings(url != null ? url : engine.defaultUrl(), user != null ? user : engine.defaultUser(),
                    passwordFromEnvironment(), 10, Duration.ofSeconds(5), Map.of());
        }

        /**
         * Hands these settings to a JVM about to be started, the way {@link #chosen} reads them:
         * {@code DB_URL}, {@code DB_USER} and {@code DB_PASSWORD} in its environment (never its
         * command line, which anyone on the machine can read), and none of the parent's own
         * {@code DB}, {@code DB_PASSWORD_FILE} left to contradict them.
         */
        public void passTo(Map<String, String> environment) {
            List.of("DB", "DB_URL", "DB_USER", "DB_PASSWORD", "DB_PASSWORD_FILE").forEach(environment::remove);
            environment.put("DB_URL", url);
            environment.put("DB_USER", user);
            environment.put("DB_PASSWORD", password);
        }

        /** The engine this URL points at. */
        public Engine engine() {
            return Engine.ofUrl(url);
        }

        /** A system property, else an environment variable, else null; blank counts as not set. */
        private static String setting(String property, String variable) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                value = System.getenv(variable);
            }
            return value == null || value.isBlank() ? null : value.trim();
        }

        private static String passwordFromEnvironment() {
            String direct = System.getenv("DB_PASSWORD");
            if (direct != null) {
                return direct;
            }
            String file = setting("db.password.file", "DB_PASSWORD_FILE");
            if (file == null) {
                return "";
            }
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password file " + file + ": " + e.getMessage());
            }
        }

        /** Everything but the password, for messages and reports. */
        @Override
        public String toString() {
            return "Settings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }

        /** The same settings, for another URL. */
        public Settings withUrl(String otherUrl) {
            return new Settings(otherUrl, user, password, poolSize, connectionTimeout, hibernateSettings);
        }

        public Settings withPoolSize(int size) {
            return new Settings(url, user, password, size, connectionTimeout, hibernateSettings);
        }

        /** How long a thread waits for a pooled connection before HikariCP gives up (default 5 s). */
        public Settings withConnectionTimeout(Duration timeout) {
            return new Settings(url, user, password, poolSize, timeout, hibernateSettings);
        }

        /** One more Hibernate setting, e.g. {@code AvailableSettings.CURRENT_SESSION_CONTEXT_CLASS, "thread"}. */
        public Settings withHibernateSetting(String name, Object value) {
            Map<String, Object> more = new HashMap<>(hibernateSettings);
            more.put(name, value);
            return new Settings(url, user, password, poolSize, connectionTimeout, more);
        }
    }

    private final Settings settings;
    private final ServerNamespace namespace;
    private final HikariDataSource pool;
    /** What Hibernate and {@link #dataSource()} get connections from: the pool, or a wrapper around it. */
    private final DataSource connections;
    private final Instrumentation instrumentation;
    private final SessionFactory sessionFactory;

    /**
     * Hooks wired into the SessionFactory when it is built: an {@link Integrator} (event
     * listeners) and a {@link StatementInspector} (sees every SQL statement before it is
     * prepared). {@link #release()} is called first thing on {@link Database#close()}.
     */
    public interface Instrumentation {
        Integrator integrator();

        StatementInspector statementInspector();

        void release();
    }

    private Database(Settings settings, Instrumentation instrumentation, UnaryOperator<DataSource> wrap) {
        this.instrumentation = instrumentation;
        // On a server, a schema (PostgreSQL) or database (MariaDB) of our own, dropped on close;
        // settings() then points into it, so a Database opened from them (a smaller pool, say)
        // works on the same tables and leaves the namespace to its owner.
        this.namespace = settings.engine().isServer() && !ServerNamespace.isOurs(settings.url())
                ? ServerNamespace.create(settings.engine(), settings) : null;
        this.settings = namespace == null ? settings : settings.withUrl(namespace.url());
        try {
            this.pool = openPool(this.settings, this.settings.url());
            try {
                this.connections = wrap == null ? pool : Objects.requireNonNull(wrap.apply(pool), "wrapped pool");
                this.sessionFactory = buildSessionFactory(connections, instrumentation, settings.hibernateSettings());
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (namespace != null) {
                namespace.close();
            }
            throw e;
        }
    }

    /** A database with nothing wired in. */
    public static Database open(Settings settings) {
        return new Database(settings, null, null);
    }

    /** A database whose SessionFactory has {@code instrumentation} wired in. */
    public static Database open(Settings settings, Instrumentation instrumentation) {
        return new Database(settings, Objects.requireNonNull(instrumentation, "instrumentation"), null);
    }

    /**
     * A database whose connections, Hibernate's and {@link #dataSource()}'s alike, come through
     * {@code wrap(pool)}: a JDBC proxy that sees every call (the benchmarks' modelled network
     * round trip is one). The checks ({@link #queryForLong}, {@link #activeConnections}) still
     * go to the pool itself.
     */
    public static Database openWrapped(Settings settings, UnaryOperator<DataSource> wrap) {
        return new Database(settings, null, Objects.requireNonNull(wrap, "wrap"));
    }

    /** The {@link Instrumentation} this database was opened with, if it is a {@code type}. */
    public <T extends Instrumentation> Optional<T> instrumentation(Class<T> type) {
        return type.isInstance(instrumentation) ? Optional.of(type.cast(instrumentation)) : Optional.empty();
    }

    private static HikariDataSource openPool(Settings settings, String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        // A fixed-size pool (HikariCP's default): HikariCP fills it up to its size on its own
        // thread, whoever is waiting. A pool growing on demand can leave a borrower waiting out
        // the timeout while connections are still being added, and then the pool, not the
        // lesson, decides how a race ends.
        config.setMinimumIdle(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        if (settings.engine() == Engine.MARIADB) {
            // MariaDB defaults to REPEATABLE READ, whose gap locks deadlock even correct concurrent
            // transfers (seen: 14 of 20 natural runs of scenario 2's safe side). The catalogue runs
            // every database at READ COMMITTED, the default of PostgreSQL and H2, so that the three
            // differ only where a shared Session makes them differ.
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        config.setPoolName("pool-" + POOLS.incrementAndGet());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException(cannotConnect(settings.url(), root.getMessage(), Switches.PROPERTIES), e);
        }
    }

    /**
     * How the database switches are named where the user typed them, for the line said when a
     * server cannot be reached. A program with options of its own passes its own names.
     */
    public record Switches(String db, String url, String user) {
        /** The build's properties, for tests and jcstress. */
        public static final Switches PROPERTIES = new Switches("-Ddb", "-Ddb.url", "-Ddb.user");
    }

    /** The one line said when a database cannot be reached: what failed, and what to do. */
    static String cannotConnect(String url, String why, Switches switches) {
        return "cannot connect to " + url + " (" + why + "); is the server running? Check " + switches.db() + ", "
                + switches.url() + ", " + switches.user() + " and DB_PASSWORD, or leave " + switches.db()
                + " out to use the embedded H2 database";
    }

    /**
     * A server as a report names it, "PostgreSQL 15.20 at jdbc:postgresql://...", asked of the
     * server once, now, with a 10 s login timeout: an unreachable server costs a moment and one
     * line, not a whole run. It also creates and drops a namespace, so that a user without the
     * right to create one learns it the same way. Throws {@link IllegalStateException} with that line.
     */
    public static String describeServer(Settings settings, Switches switches) {
        DriverManager.setLoginTimeout(10);
        String described;
        try (Connection connection = DriverManager.getConnection(
                ServerNamespace.adminUrl(settings.engine(), settings.url()), settings.user(), settings.password())) {
            var meta = connection.getMetaData();
            described = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at " + settings.url();
        } catch (SQLException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalStateException(cannotConnect(settings.url(), why, switches), e);
        }
        if (settings.engine().isServer() && !ServerNamespace.isOurs(settings.url())) {
            ServerNamespace.checkRights(settings, switches);
        }
        return described;
    }

    private static SessionFactory buildSessionFactory(DataSource connections, Instrumentation instrumentation,
                                                      Map<String, Object> extraSettings) {
        // An instrumentation is wired in at build time: event listeners through an Integrator,
        // the SQL hook as the factory's StatementInspector.
        var bootstrap = new BootstrapServiceRegistryBuilder();
        if (instrumentation != null) {
            bootstrap.applyIntegrator(instrumentation.integrator());
        }
        var registryBuilder = new StandardServiceRegistryBuilder(bootstrap.build())
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, connections)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "create")
                .applySetting(AvailableSettings.GENERATE_STATISTICS, true);
        if (instrumentation != null) {
            registryBuilder.applySetting(AvailableSettings.STATEMENT_INSPECTOR, instrumentation.statementInspector());
        }
        StandardServiceRegistry registry = registryBuilder.applySettings(extraSettings).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            Entities.ALL.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    /**
     * Where Hibernate gets its connections (the pool, or its wrapper: {@link #openWrapped}), for
     * code that measures plain JDBC against Hibernate on the same connections.
     */
    public DataSource dataSource() {
        return connections;
    }

    public Settings settings() {
        return settings;
    }

    /** Pooled connections checked out right now. Every safe test ends with this at zero. */
    public int activeConnections() {
        return pool.getHikariPoolMXBean().getActiveConnections();
    }

    /**
     * Runs one query that returns a single number, through plain JDBC, so that what a test
     * asserts about the database does not depend on Hibernate's view of it.
     */
    public long queryForLong(String sql, Object... parameters) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row {@code sql} returns, as text, through plain JDBC. */
    public List<String> queryForStrings(String sql, Object... parameters) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** {@code sql} with {@code parameters} bound to its {@code ?} placeholders, in order. */
    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** Row count of a table, through plain JDBC. */
    public long countRows(String table) {
        return queryForLong("select count(*) from " + table);
    }

    /**
     * Releases the instrumentation (every pause), closes the factory and the pool. A connection that is still checked
     * out here was leaked by the scenario: it is reported, and the pool is closed anyway so the
     * next test starts clean.
     */
    @Override
    public void close() {
        if (instrumentation != null) {
            instrumentation.release();
        }
        int leaked = activeConnections();
        if (leaked > 0) {
            log.warn("closing {} with {} pooled connection(s) still checked out", pool.getPoolName(), leaked);
        }
        try {
            sessionFactory.close();
        } finally {
            pool.close();
            if (namespace != null) {
                namespace.close();
            }
        }
    }
}

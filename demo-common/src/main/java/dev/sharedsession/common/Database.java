package dev.sharedsession.common;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sharedsession.common.model.Entities;
import dev.sharedsession.common.race.PausePoints;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database for one test (or one showcase run): a HikariCP pool, a {@link SessionFactory}
 * over it with the schema created from the entities, and the {@link PausePoints} wired into
 * that factory's statement inspector and event listeners.
 *
 * <p>The default is a fresh in-memory H2 database with a unique name, gone when the pool
 * closes, so a test that leaks a connection or abandons a stuck thread cannot poison the next
 * one. Any other database is one switch away: {@code -Ddb.url=jdbc:postgresql://...
 * -Ddb.user=... -Ddb.password=...} (the driver must be on the class path).
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
         * {@code -Ddb.url}, {@code -Ddb.user}, {@code -Ddb.password} if given, otherwise a fresh
         * in-memory H2 database.
         */
        public static Settings fromSystemProperties(String label) {
            String url = System.getProperty("db.url");
            if (url == null || url.isBlank()) {
                return h2InMemory(label);
            }
            return new Settings(url, System.getProperty("db.user", ""),
                    System.getProperty("db.password", ""), 10, Duration.ofSeconds(5), Map.of());
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
    private final HikariDataSource pool;
    private final PausePoints pauses;
    private final SessionFactory sessionFactory;

    private Database(Settings settings, Duration pauseTimeout) {
        this.settings = settings;
        this.pool = openPool(settings);
        this.pauses = new PausePoints(pauseTimeout);
        try {
            this.sessionFactory = buildSessionFactory(pool, pauses, settings.hibernateSettings());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public static Database open(Settings settings) {
        return open(settings, PausePoints.DEFAULT_TIMEOUT);
    }

    /** With another limit for every pause and wait of the harness than the default 10 s. */
    public static Database open(Settings settings, Duration pauseTimeout) {
        return new Database(settings, pauseTimeout);
    }

    /** The database a test gets: see {@link Settings#fromSystemProperties(String)}. */
    public static Database forTest(String label) {
        return open(Settings.fromSystemProperties(label));
    }

    private static HikariDataSource openPool(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setPoolName("pool-" + DATABASES.get());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot connect to " + settings.url() + " (" + root.getMessage()
                    + "); check -Ddb.url, -Ddb.user and -Ddb.password, or leave -Ddb.url out to use the embedded H2 database", e);
        }
    }

    private static SessionFactory buildSessionFactory(HikariDataSource pool, PausePoints pauses,
                                                      Map<String, Object> extraSettings) {
        // The pause points are wired in at build time: event listeners through an Integrator,
        // the SQL pause point as the factory's StatementInspector.
        var bootstrap = new BootstrapServiceRegistryBuilder()
                .applyIntegrator(pauses.integrator())
                .build();
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder(bootstrap)
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "create")
                .applySetting(AvailableSettings.STATEMENT_INSPECTOR, pauses.statementInspector())
                .applySetting(AvailableSettings.GENERATE_STATISTICS, true)
                .applySettings(extraSettings)
                .build();
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

    /** The pool itself, for code that measures plain JDBC against Hibernate on the same connections. */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    public PausePoints pauses() {
        return pauses;
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
    public long queryForLong(String sql) {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row {@code sql} returns, as text, through plain JDBC. */
    public List<String> queryForStrings(String sql) {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Row count of a table, through plain JDBC. */
    public long countRows(String table) {
        return queryForLong("select count(*) from " + table);
    }

    /**
     * Releases every pause, closes the factory and the pool. A connection that is still checked
     * out here was leaked by the scenario: it is reported, and the pool is closed anyway so the
     * next test starts clean.
     */
    @Override
    public void close() {
        pauses.releaseAll();
        int leaked = activeConnections();
        if (leaked > 0) {
            log.warn("closing {} with {} pooled connection(s) still checked out", pool.getPoolName(), leaked);
        }
        try {
            sessionFactory.close();
        } finally {
            pool.close();
        }
    }
}

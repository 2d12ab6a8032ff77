package dev.sharedsession.benchmarks;

import dev.sharedsession.database.Database;
import dev.sharedsession.database.Engine;
import dev.sharedsession.guard.SessionGuard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.hibernate.cfg.AvailableSettings;

/**
 * The database of one benchmark trial: database-setup's {@link Database}, tuned for measuring, on the
 * database the run chose ({@code db}: h2, postgresql or mariadb, the project's one switch), behind
 * a {@link ModelledNetwork} when the round-trip time is more than 0.
 *
 * <p>On a server each trial works in a schema (PostgreSQL) or database (MariaDB) of its own,
 * created when it opens and dropped when it closes, so every JMH fork cleans up after itself; a
 * fork that crashed leaves one that the next JVM on the server sweeps away. The password comes
 * from the environment (DB_PASSWORD), which JMH's forks inherit: it never travels on a command line.
 */
final class BenchDatabase {

    /** Eight benchmark threads, plus one for setup and checks. */
    static final int POOL_SIZE = 10;

    private BenchDatabase() {
    }

    /** No network, no guard: for the benchmarks that measure Hibernate's own costs. */
    static Database open(String label, String db) {
        return open(label, db, null, "off");
    }

    /**
     * @param network the modelled network, or null for none (RTT 0: no proxy at all, so nothing
     *                but the database is measured)
     * @param guard   the session guard's policy ({@code hibernate.session_guard}): off, confined or exclusive
     */
    static Database open(String label, String db, ModelledNetwork network, String guard) {
        // H2 is always a fresh in-memory database inside the fork.
        Engine engine = Engine.named(db);
        Database.Settings chosen = engine == Engine.H2
                ? Database.Settings.h2InMemory("bench_" + label)
                : serverSettings("bench_" + label, engine, null, null);
        // Statistics cost a little on every operation and nobody reads them here.
        Database.Settings settings = chosen
                .withPoolSize(POOL_SIZE)
                .withHibernateSetting(AvailableSettings.GENERATE_STATISTICS, false)
                .withHibernateSetting(SessionGuard.SETTING, guard);
        return network == null ? Database.open(settings) : Database.openWrapped(settings, network::wrap);
    }

    /**
     * Where a server is: {@code dbUrl} (./bench --db-url), else -Ddb.url or DB_URL, if it points
     * at this engine (a run may use two servers, the URL names one), else the local server; the
     * user likewise, and the password from the environment (Database.Settings.chosen).
     */
    static Database.Settings serverSettings(String label, Engine engine, String dbUrl, String dbUser) {
        String url = dbUrl != null ? dbUrl : System.getProperty("db.url", System.getenv("DB_URL"));
        boolean ours = url != null && !url.isBlank() && Engine.ofUrl(url.trim()) == engine;
        return Database.Settings.chosen(label, engine.word(), ours ? url.trim() : engine.defaultUrl(), dbUser);
    }

    /**
     * The end of a trial that incremented counters: the counters must add up to the units of work
     * that committed (a lost update fails the benchmark instead of flattering it), and no pooled
     * connection may be left checked out. {@code where} ends each message ("" or " with the guard").
     */
    static void checkCounters(Database db, long committed, String where) {
        long hits = db.queryForLong("select coalesce(sum(hits), 0) from VersionedCounter");
        if (hits != committed) {
            throw new IllegalStateException("lost updates" + where + ": " + committed
                    + " units of work committed but the counters add up to " + hits);
        }
        if (db.activeConnections() != 0) {
            throw new IllegalStateException(db.activeConnections() + " pooled connection(s) leaked" + where);
        }
    }

    /** Inserts {@code count} counters with ids 1..count through plain JDBC, in batches (fast setup). */
    static void insertCounters(Database db, String table, int count) {
        String sql = "VersionedCounter".equals(table)
                ? "insert into VersionedCounter (id, label, hits, row_version) values (?, ?, 0, 0)"
                : "insert into " + table + " (id, label, hits) values (?, ?, 0)";
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            for (int id = 1; id <= count; id++) {
                insert.setLong(1, id);
                insert.setString(2, "row-" + id);
                insert.addBatch();
                if (id % 1_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert " + count + " rows into " + table + ": " + e.getMessage(), e);
        }
    }
}

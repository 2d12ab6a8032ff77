package dev.sharedsession.benchmarks;

import dev.sharedsession.common.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.hibernate.cfg.AvailableSettings;

/** The database of one benchmark trial: demo-common's {@link Database}, tuned for measuring. */
final class BenchDatabase {

    /** Eight benchmark threads, plus one for setup and checks. */
    static final int POOL_SIZE = 10;

    private BenchDatabase() {
    }

    static Database open(String label) {
        // Statistics cost a little on every operation and nobody reads them here. The demo's
        // pause points stay wired in (unarmed they are pass-throughs), the same for every strategy.
        return Database.open(Database.Settings.h2InMemory("bench_" + label)
                .withPoolSize(POOL_SIZE)
                .withHibernateSetting(AvailableSettings.GENERATE_STATISTICS, false));
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

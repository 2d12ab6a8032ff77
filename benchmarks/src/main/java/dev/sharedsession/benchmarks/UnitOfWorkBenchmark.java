package dev.sharedsession.benchmarks;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.VersionedCounter;
import jakarta.persistence.OptimisticLockException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.hibernate.Session;
import org.hibernate.StaleStateException;
import org.hibernate.Transaction;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Question 1: "can't I just lock the shared Session?" and "isn't a Session per thread expensive?"
 *
 * <p>One unit of work = begin, load one {@link VersionedCounter} by id, increment it, commit
 * (one SELECT, one versioned UPDATE, one commit), done four ways:
 * <ul>
 *   <li>{@code lockedSharedSession}: one Session for all threads ({@code Scope.Benchmark}), a
 *       {@link ReentrantLock} around each whole unit of work (a lock per call is not enough,
 *       scenario 8);</li>
 *   <li>{@code sessionPerThread}: each thread keeps its own Session ({@code Scope.Thread});</li>
 *   <li>{@code sessionPerOperation}: {@code sessionFactory.inTransaction(...)}, a new Session
 *       for every unit of work, the project's recommendation;</li>
 *   <li>{@code rawJdbc}: the same SELECT and UPDATE Hibernate sends, through the same HikariCP
 *       pool, with no Hibernate at all: the limit.</li>
 * </ul>
 * Both long-lived Sessions are cleared after every unit of work: otherwise the next unit would
 * read the counter from the first-level cache, not the database (stale data, scenario 7), and the
 * context would grow without bound (scenario 11). So they do the same SQL as the others.
 *
 * <p>Workloads: {@code UNCONTENDED}, each thread increments its own row; {@code CONTENDED}, all
 * threads increment one row. There the lock-free strategies stay correct through the version
 * column: a conflicting update hits zero rows, the unit of work is rolled back and retried, and
 * the retry is counted ({@code retries}, per second). The trial ends by checking that the sum of
 * all counters equals the number of units of work that committed, so a lost update fails the
 * benchmark instead of flattering it.
 *
 * <p><b>Predicted, before measuring.</b> At one thread the three Hibernate strategies are
 * within a few per cent of one another: opening a Session is cheap next to three JDBC round
 * trips; raw JDBC is faster by a clear margin (no persistence context, no dirty check, no
 * entity copy), though on in-memory H2 the "database" is so cheap that Hibernate's own work is a
 * large share, so the gap looks bigger here than against a networked database. With more
 * threads the locked shared Session cannot scale: it stays at its one-thread figure (ratio about
 * 1) while the others gain what two cores allow (at most about 2x, less on a busy machine).
 * Contended, everyone is limited by the single row; the optimistic strategies pay for retries.
 *
 * <p>How to run just this one: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main UnitOfWork -t 2}
 * (plain JMH options), or all of them with a report: {@code ./bench quick}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UnitOfWorkBenchmark {

    public enum Workload { UNCONTENDED, CONTENDED }

    /** A runaway retry loop is a bug, not a measurement. */
    private static final int MAX_ATTEMPTS = 10_000;

    // Copied from Hibernate's SQL log (-Dsql.level=DEBUG) for this entity, so rawJdbc sends the same statements.
    static final String SELECT_SQL =
            "select vc1_0.id,vc1_0.hits,vc1_0.label,vc1_0.row_version from VersionedCounter vc1_0 where vc1_0.id=?";
    static final String UPDATE_SQL =
            "update VersionedCounter set hits=?,label=?,row_version=? where id=? and row_version=?";

    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"UNCONTENDED", "CONTENDED"})
        public Workload workload;

        Database db;
        /** The one Session of the lockedSharedSession strategy, and its lock. */
        Session sharedSession;
        final ReentrantLock lock = new ReentrantLock();
        /** Units of work that committed; the trial checks the table against it. */
        final LongAdder committed = new LongAdder();
        int rows;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) {
            db = BenchDatabase.open("unit_of_work");
            // Row i+1 belongs to thread i when uncontended; row 1 is everyone's when contended.
            rows = Math.max(1, params.getThreads());
            BenchDatabase.insertCounters(db, "VersionedCounter", rows);
            if (params.getBenchmark().endsWith(".lockedSharedSession")) {
                sharedSession = db.sessionFactory().openSession();
            }
        }

        long rowFor(ThreadParams thread) {
            return workload == Workload.CONTENDED ? 1 : thread.getThreadIndex() + 1;
        }

        @TearDown(Level.Trial)
        public void checkAndClose() {
            try {
                if (sharedSession != null) {
                    sharedSession.close();
                }
                long hits = db.queryForLong("select coalesce(sum(hits), 0) from VersionedCounter");
                if (hits != committed.sum()) {
                    throw new IllegalStateException("lost updates: " + committed.sum()
                            + " units of work committed but the counters add up to " + hits);
                }
                if (db.activeConnections() != 0) {
                    throw new IllegalStateException(db.activeConnections() + " pooled connection(s) leaked");
                }
            } finally {
                db.close();
            }
        }
    }

    /** Which row this thread works on. */
    @State(Scope.Thread)
    public static class Me {
        long row;

        @Setup(Level.Trial)
        public void pick(Shared shared, ThreadParams thread) {
            row = shared.rowFor(thread);
        }
    }

    /** The Session of one thread, for the sessionPerThread strategy. */
    @State(Scope.Thread)
    public static class ThreadSession {
        Session session;

        @Setup(Level.Trial)
        public void open(Shared shared) {
            session = shared.db.sessionFactory().openSession();
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
        }
    }

    /** Rolled-back and retried units of work; JMH reports them per second next to the throughput. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Retries {
        public long retries;

        @Setup(Level.Iteration)
        public void reset() {
            retries = 0;
        }
    }

    @Benchmark
    public void lockedSharedSession(Shared shared, Me me) {
        shared.lock.lock();
        try {
            // The lock makes the units of work take turns, so no update can conflict: no retry here.
            runInTransaction(shared.sharedSession, me.row);
            shared.committed.increment();
        } finally {
            shared.lock.unlock();
        }
    }

    @Benchmark
    public void sessionPerThread(Shared shared, Me me, ThreadSession mine, Retries retries) {
        for (int attempt = 1; ; attempt++) {
            try {
                runInTransaction(mine.session, me.row);
                shared.committed.increment();
                return;
            } catch (RuntimeException e) {
                retryOrThrow(e, attempt, retries);
            }
        }
    }

    @Benchmark
    public void sessionPerOperation(Shared shared, Me me, Retries retries) {
        for (int attempt = 1; ; attempt++) {
            try {
                shared.db.sessionFactory().inTransaction(session -> incrementRow(session, me.row));
                shared.committed.increment();
                return;
            } catch (RuntimeException e) {
                retryOrThrow(e, attempt, retries);
            }
        }
    }

    @Benchmark
    public void rawJdbc(Shared shared, Me me, Retries retries) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            if (incrementWithJdbc(shared.db, me.row)) {
                shared.committed.increment();
                return;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException("no progress after " + attempt + " attempts");
            }
            retries.retries++;
        }
    }

    private static void incrementRow(Session session, long row) {
        session.find(VersionedCounter.class, row).increment();
    }

    /** Begin, increment, commit on a long-lived Session; rolled back on failure; cleared always. */
    private static void runInTransaction(Session session, long row) {
        Transaction tx = session.beginTransaction();
        try {
            incrementRow(session, row);
            tx.commit();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            session.clear();
        }
    }

    private static void retryOrThrow(RuntimeException e, int attempt, Retries retries) {
        if (!isVersionConflict(e) || attempt >= MAX_ATTEMPTS) {
            throw e;
        }
        retries.retries++;
    }

    static boolean isVersionConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StaleStateException || t instanceof OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    /** The unit of work as Hibernate runs it, by hand: false when the version check failed (rolled back). */
    private static boolean incrementWithJdbc(Database db, long row) throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false); // what Hibernate's beginTransaction() does
            try {
                long hits;
                long version;
                String label;
                try (PreparedStatement select = connection.prepareStatement(SELECT_SQL)) {
                    select.setLong(1, row);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no counter " + row);
                        }
                        hits = rs.getLong(2);
                        label = rs.getString(3);
                        version = rs.getLong(4);
                    }
                }
                int updated;
                try (PreparedStatement update = connection.prepareStatement(UPDATE_SQL)) {
                    update.setLong(1, hits + 1);
                    update.setString(2, label);
                    update.setLong(3, version + 1);
                    update.setLong(4, row);
                    update.setLong(5, version);
                    updated = update.executeUpdate();
                }
                if (updated == 0) {
                    connection.rollback();
                    return false;
                }
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true); // and what Hibernate restores before releasing it
            }
        }
    }
}

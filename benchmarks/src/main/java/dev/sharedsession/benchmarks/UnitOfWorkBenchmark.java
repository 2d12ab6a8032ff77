package dev.sharedsession.benchmarks;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.VersionedCounter;
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
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Question 1: "can't I just lock the shared Session?" and "isn't a Session per thread expensive?"
 *
 * <p>One unit of work = begin, load one {@link VersionedCounter} by id, increment it, commit
 * (one SELECT, one versioned UPDATE, one commit: three round trips to the database), done four ways:
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
 * <p>Parameters: {@code db} (h2, postgresql, mariadb: where the counters live); {@code rttMs},
 * a modelled network round trip ({@link ModelledNetwork}: every statement, commit and rollback
 * waits that long, parked, on the client; 0 = no proxy at all); {@code workload}:
 * {@code UNCONTENDED}, each thread increments its own row, or {@code CONTENDED}, all threads
 * increment one row. There the lock-free strategies stay correct through the version column: a
 * conflicting update hits zero rows, the unit of work is rolled back and retried, and the retry
 * is counted ({@code retries}, per second, in the measured window only). {@code guard}: the session guard's policy
 * ({@code hibernate.session_guard}, off by default), to run or profile a guarded Session on its
 * own; what the guard costs is measured in pairs, by {@link GuardCostBenchmark}. The trial ends by
 * checking that the sum of all counters equals the number of units of work that committed, so a
 * lost update fails the benchmark instead of flattering it. Each thread also counts its round
 * trips and the time they waited ({@code roundTrips}, {@code waitedNanos}, per second): their
 * quotient is the wait actually achieved per round trip.
 *
 * <p><b>Predicted, before measuring.</b> With a network (RTT 1 ms): a unit of work is three
 * round trips, about 3.2 ms with parking's overshoot, so one thread does about 300 a second
 * whatever the strategy, raw JDBC included (Hibernate's few microseconds vanish next to the
 * wait). The locked shared Session stays at that figure at 2, 4 and 8 threads: each thread waits
 * for every other thread's round trips. A Session per operation or per thread climbs nearly in
 * proportion, about 2x at 2 threads and 7 to 8x at 8 (waiting threads leave the CPU free), so it
 * beats the lock by about that factor. At 0.2 ms the same shape, a little flatter at 8 threads, as
 * the CPU work (proxy, parking, Hibernate) starts to count. Contended, on one row, the lock-free
 * strategies pay with retries and get about the lock's figure, give or take a factor of two.
 * Without a network (RTT 0, in-memory H2): pure CPU. At one thread the three Hibernate strategies
 * are within a few per cent of one another and raw JDBC is about twice as fast (no persistence
 * context, no dirty check, no entity copy); with more threads nothing gains more than the two
 * cores allow (at most about 2x, less on a busy machine), and the lock costs little, because
 * there is nothing to wait for in parallel. On PostgreSQL at RTT 0 each round trip crosses the
 * loopback to a server process on the same two cores: a Session per operation reaches about 0.7
 * of raw JDBC at one thread. The session guard costs a few per cent at most (one volatile read
 * per hooked call).
 *
 * <p>How to run just this one: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main
 * UnitOfWork -p rttMs=1 -p workload=UNCONTENDED -t 8} (plain JMH options; {@code -p db=postgresql}
 * for the server), or everything with a report: {@code ./bench quick}.
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
        @Param({"h2"})
        public String db;

        @Param({"0", "0.2", "1"})
        public double rttMs;

        @Param({"UNCONTENDED", "CONTENDED"})
        public Workload workload;

        @Param({"off"})
        public String guard;

        Database database;
        /** The modelled network, or null at RTT 0. */
        ModelledNetwork network;
        /** The one Session of the lockedSharedSession strategy, and its lock. */
        Session sharedSession;
        final ReentrantLock lock = new ReentrantLock();
        /** Units of work that committed; the trial checks the table against it. */
        final LongAdder committed = new LongAdder();
        int rows;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) {
            boolean shared = params.getBenchmark().endsWith(".lockedSharedSession");
            if (shared && !"off".equalsIgnoreCase(guard)) {
                throw new IllegalArgumentException("the session guard refuses a Session used by a second thread,"
                        + " which is what lockedSharedSession does; measure the guard with sessionPerOperation");
            }
            network = rttMs > 0 ? ModelledNetwork.ofMillis(rttMs) : null;
            database = BenchDatabase.open("unit_of_work", db, network, guard);
            // Row i+1 belongs to thread i when uncontended; row 1 is everyone's when contended.
            rows = Math.max(1, params.getThreads());
            BenchDatabase.insertCounters(database, "VersionedCounter", rows);
            if (shared) {
                sharedSession = database.sessionFactory().openSession();
            }
        }

        /** The network waits in measured iterations only (see {@link ModelledNetwork#measure}). */
        @Setup(Level.Iteration)
        public void switchNetwork(IterationParams iteration) {
            if (network != null) {
                network.measure(iteration.getType() == IterationType.MEASUREMENT);
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
                BenchDatabase.checkCounters(database, committed.sum(), "");
            } finally {
                database.close();
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
            session = shared.database.sessionFactory().openSession();
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
        }
    }

    /**
     * What this thread counted in JMH's measured window, reported per second next to the
     * throughput: rolled-back and retried units of work; round trips and the nanoseconds they
     * waited (their quotient is the wait achieved per round trip; zero at RTT 0, no network).
     * JMH also runs uncounted units of work while the threads line up before and after the
     * window (synchronized iterations); {@link #start} leaves those out, so that a counter ÷ the
     * throughput is a count per unit of work.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts implements ModelledNetwork.Tally {
        public long retries;
        public long roundTrips;
        public long waitedNanos;
        /** Whether this thread's current unit of work runs inside the measured window. */
        private boolean measuring;

        @Setup(Level.Iteration)
        public void countHere(Shared shared) {
            if (shared.network != null) {
                // JMH runs a thread's iteration set-up on that thread: its round trips land here.
                shared.network.countOnThisThread(this);
            }
        }

        /** Called first in every unit of work: JMH's Control says whether it is measured. */
        void start(Control control) {
            measuring = control.startMeasurement && !control.stopMeasurement;
        }

        void retried() {
            if (measuring) {
                retries++;
            }
        }

        @Override
        public void roundTrip(long waitedNanos) {
            if (measuring) {
                this.roundTrips++;
                this.waitedNanos += waitedNanos;
            }
        }
    }

    @Benchmark
    public void lockedSharedSession(Shared shared, Me me, Counts counts, Control control) {
        counts.start(control);
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
    public void sessionPerThread(Shared shared, Me me, ThreadSession mine, Counts counts, Control control) {
        counts.start(control);
        for (int attempt = 1; ; attempt++) {
            try {
                runInTransaction(mine.session, me.row);
                shared.committed.increment();
                return;
            } catch (RuntimeException e) {
                retryOrThrow(e, attempt, counts);
            }
        }
    }

    @Benchmark
    public void sessionPerOperation(Shared shared, Me me, Counts counts, Control control) {
        counts.start(control);
        for (int attempt = 1; ; attempt++) {
            try {
                shared.database.sessionFactory().inTransaction(session -> incrementRow(session, me.row));
                shared.committed.increment();
                return;
            } catch (RuntimeException e) {
                retryOrThrow(e, attempt, counts);
            }
        }
    }

    @Benchmark
    public void rawJdbc(Shared shared, Me me, Counts counts, Control control) throws SQLException {
        counts.start(control);
        for (int attempt = 1; ; attempt++) {
            if (incrementWithJdbc(shared.database, me.row)) {
                shared.committed.increment();
                return;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException("no progress after " + attempt + " attempts");
            }
            counts.retried();
        }
    }

    static void incrementRow(Session session, long row) {
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

    private static void retryOrThrow(RuntimeException e, int attempt, Counts counts) {
        if (!isVersionConflict(e) || attempt >= MAX_ATTEMPTS) {
            throw e;
        }
        counts.retried();
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
    static boolean incrementWithJdbc(Database db, long row) throws SQLException {
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

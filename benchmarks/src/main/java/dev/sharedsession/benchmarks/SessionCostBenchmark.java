package dev.sharedsession.benchmarks;

import dev.sharedsession.database.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Question 2: "isn't opening a Session per thread (or per operation) expensive?"
 *
 * <p>Three costs, one thread, average time per call:
 * <ul>
 *   <li>{@code openClose}: {@code sessionFactory.openSession()} and {@code close()}; no SQL;</li>
 *   <li>{@code openBeginCommitClose}: the same with an empty transaction, so a pooled connection
 *       is checked out, switched to manual commit, committed, switched back and returned;</li>
 *   <li>{@code poolGetConnectionClose}: HikariCP's {@code getConnection()} and {@code close()}
 *       alone, the floor under any unit of work.</li>
 * </ul>
 *
 * <p><b>Predicted, before measuring.</b> Opening and closing a Session is a matter of
 * microseconds, about the order of borrowing a pooled connection (a Session is a handful of
 * plain objects; it does not touch the database until it needs to). The empty transaction
 * costs a few times more: that is the pooled connection and the JDBC calls, not the Session.
 * Next to a unit of work of the first benchmark (tens of microseconds on in-memory H2, far
 * more on a networked database), none of these matters.
 *
 * <p>How to run just this one: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main SessionCost -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionCostBenchmark {

    /** Where the pool's connections go; the run's first database (./bench --db). */
    @Param({"h2"})
    public String db;

    private Database database;

    @Setup(Level.Trial)
    public void open() {
        database = BenchDatabase.open("session_cost", db);
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            if (database.activeConnections() != 0) {
                throw new IllegalStateException(database.activeConnections() + " pooled connection(s) leaked");
            }
        } finally {
            database.close();
        }
    }

    @Benchmark
    public void openClose(Blackhole bh) {
        try (Session session = database.sessionFactory().openSession()) {
            bh.consume(session);
        }
    }

    @Benchmark
    public void openBeginCommitClose(Blackhole bh) {
        try (Session session = database.sessionFactory().openSession()) {
            session.beginTransaction().commit();
            bh.consume(session);
        }
    }

    @Benchmark
    public void poolGetConnectionClose(Blackhole bh) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            bh.consume(connection);
        }
    }
}

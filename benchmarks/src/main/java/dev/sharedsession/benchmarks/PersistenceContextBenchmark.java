package dev.sharedsession.benchmarks;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Counter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.hibernate.Transaction;
import org.hibernate.query.QueryFlushMode;
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

/**
 * Question 3: "what does a long-lived Session cost?" (scenario 11, measured).
 *
 * <p>A Session that has loaded {@code managed} counters (1k, 10k, 100k) and keeps them, as a
 * Session that lives for the whole application would. Nothing is dirty. Measured:
 * <ul>
 *   <li>{@code flushNothingDirty}: {@code session.flush()}; it writes nothing, but it has to
 *       compare every managed entity with its snapshot to find that out;</li>
 *   <li>{@code autoFlushQuery}: a one-row HQL query by primary key; before running it,
 *       Hibernate's AUTO flush mode dirty-checks the whole context, because the query reads a
 *       table whose entities the context holds;</li>
 *   <li>{@code queryWithoutAutoFlush}: the same query with {@code QueryFlushMode.NO_FLUSH}: what
 *       the query itself costs;</li>
 *   <li>{@code loadIntoFreshSession}: open a Session, load all {@code managed} rows, close it.
 *       Run with JMH's gc profiler, its {@code gc.alloc.rate.norm} divided by {@code managed}
 *       is what loading one entity into a persistence context allocates.</li>
 * </ul>
 *
 * <p><b>Predicted, before measuring.</b> Flush cost grows linearly with the number of managed
 * entities: about ten times the time for ten times the entities, some microseconds at 1k and
 * milliseconds at 100k. The auto-flushing query costs the same plus a query, while the same
 * query without the auto flush stays flat. Loading allocates on the order of a kilobyte per
 * entity (the entity, its entry, the loaded-state snapshot, the key, the row processing).
 *
 * <p>How to run just this one: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PersistenceContext -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PersistenceContextBenchmark {

    /** The rows, in the database only. */
    @State(Scope.Benchmark)
    public static class Rows {
        /** Where the rows live; the run's first database (./bench --db). */
        @Param({"h2"})
        public String db;

        @Param({"1000", "10000", "100000"})
        public int managed;

        Database database;

        @Setup(Level.Trial)
        public void open() {
            database = BenchDatabase.open("context", db);
            BenchDatabase.insertCounters(database, "Counter", managed);
        }

        @TearDown(Level.Trial)
        public void close() {
            database.close();
        }
    }

    /** One long-lived Session holding every row, inside one open transaction. */
    @State(Scope.Benchmark)
    public static class LongLivedSession {
        Session session;
        Transaction tx;
        long someId;

        @Setup(Level.Trial)
        public void load(Rows rows) {
            session = rows.database.sessionFactory().openSession();
            tx = session.beginTransaction();
            List<Counter> all = session.createSelectionQuery("from Counter", Counter.class).getResultList();
            if (all.size() != rows.managed) {
                throw new IllegalStateException("expected " + rows.managed + " managed entities, got " + all.size());
            }
            someId = all.get(all.size() / 2).getId();
        }

        @TearDown(Level.Trial)
        public void close() {
            try {
                tx.rollback();
            } finally {
                session.close();
            }
        }
    }

    @Benchmark
    public void flushNothingDirty(LongLivedSession context) {
        context.session.flush();
    }

    @Benchmark
    public long autoFlushQuery(LongLivedSession context) {
        return context.session.createSelectionQuery("select c.hits from Counter c where c.id = :id", Long.class)
                .setParameter("id", context.someId)
                .getSingleResult();
    }

    // Hibernate 7.4 deprecates every per-query flush mode setter (QueryFlushMode for removal),
    // with no replacement yet; NO_FLUSH is the mode the report names, so it stays, knowingly.
    @SuppressWarnings("removal")
    @Benchmark
    public long queryWithoutAutoFlush(LongLivedSession context) {
        return context.session.createSelectionQuery("select c.hits from Counter c where c.id = :id", Long.class)
                .setParameter("id", context.someId)
                .setQueryFlushMode(QueryFlushMode.NO_FLUSH)
                .getSingleResult();
    }

    @Benchmark
    public int loadIntoFreshSession(Rows rows) {
        try (Session session = rows.database.sessionFactory().openSession()) {
            return session.createSelectionQuery("from Counter", Counter.class).getResultList().size();
        }
    }
}

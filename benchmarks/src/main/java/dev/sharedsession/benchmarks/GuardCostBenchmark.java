package dev.sharedsession.benchmarks;

import dev.sharedsession.database.Database;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What the session guard costs, guard on ÷ off, measured in pairs: each thread runs a unit of work
 * of {@link UnitOfWorkBenchmark#sessionPerOperation} (a new Session, find one counter, increment
 * it, commit) on a factory without the guard and the same on a factory with it, one right after
 * the other in a random order, and times both halves with {@link System#nanoTime}.
 *
 * <p><b>Why pairs, not two separate runs.</b> Without a network a unit of work is pure CPU (about
 * 10 µs), and on this small shared machine the speed of a one-second iteration drifts by 10 to 30%,
 * a whole fork by more: two separate runs of {@code UnitOfWorkBenchmark -p guard=off,confined}
 * gave on ÷ off 0.865 in one run and 1.03 in the next, with intervals from 0.6 to 1.27. The two
 * halves of a pair are microseconds apart, so a drift slows both alike, and it cancels in their
 * quotient.
 *
 * <p><b>Halves left out.</b> A half that took more than {@link #OFF_CPU_NANOS} (a hundred units of
 * work) was not computing all that time: its thread was preempted (8 threads share 2 cores), stopped
 * for a garbage collection, or waiting for a thread that was. Such a pause lands in one half by
 * chance and is hundreds of times longer than the guard's cost, so a few of them decide an
 * iteration's ratio. Those halves are left out of both sides' sums and counted
 * ({@code offLeftOut}, {@code onLeftOut}), so the report can show that they are few and come from
 * both sides alike. What remains is each half's own time.
 *
 * <p>Per iteration, the report divides the mean time of a unit of work without the guard by the
 * mean time with it ({@code offNanos ÷ offUnits} over {@code onNanos ÷ onUnits}, all counted in the
 * measured window only): that is throughput on ÷ off. Its mean over the iterations and the 99.9%
 * interval of that mean are the goal's ratio.
 *
 * <p><b>What pairs cannot show.</b> Both factories live in one JVM and run the same Hibernate code,
 * so the JIT compiles it once for both, with the guard's listeners in its profile; a JVM without
 * the guard at all may compile Hibernate's listener loops a little tighter. And a garbage
 * collection's cost is left out with the halves it paused: the guard allocates 112 bytes more per
 * unit of work, under 1% of what a unit of work allocates (JMH's gc profiler, run of 2026-12-01).
 *
 * <p>The control: {@code -p guard=off} runs the same pairs with neither factory guarded. Its on ÷
 * off is 1 if the method favours neither side (the two databases, the order, the halves left out).
 *
 * <p>Two in-memory H2 databases, one per factory, each with its own pool and the same rows (row
 * i+1 is thread i's, in both); the trial ends by checking that each table's counters add up to the
 * units of work committed there, and that no pooled connection is left checked out.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GuardCostBenchmark {

    /** Longer than this, a half was off the CPU for most of it (see the class comment): 1 ms. */
    static final long OFF_CPU_NANOS = 1_000_000;

    /** The two databases: one whose factory runs without the guard, one with it. */
    @State(Scope.Benchmark)
    public static class Factories {
        /**
         * The guard's policy on the guarded side: confined (the default) or exclusive. Or off: the
         * control, both sides without the guard, whose on ÷ off should be 1 within its interval.
         */
        @Param({"confined"})
        public String guard;

        Database off;
        Database on;
        final LongAdder committedOff = new LongAdder();
        final LongAdder committedOn = new LongAdder();

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) {
            off = BenchDatabase.open("guard_off", "h2", null, "off");
            on = BenchDatabase.open("guard_on", "h2", null, guard);
            int rows = Math.max(1, params.getThreads());
            BenchDatabase.insertCounters(off, "VersionedCounter", rows);
            BenchDatabase.insertCounters(on, "VersionedCounter", rows);
        }

        @TearDown(Level.Trial)
        public void checkAndClose() {
            try {
                BenchDatabase.checkCounters(off, committedOff.sum(), " without the guard");
                BenchDatabase.checkCounters(on, committedOn.sum(), " with the guard");
            } finally {
                try {
                    off.close();
                } finally {
                    on.close();
                }
            }
        }
    }

    /**
     * This thread's row (the same id in both databases), and per side, in JMH's measured window:
     * the nanoseconds of the halves kept, how many were kept, how many were left out. JMH reports
     * each per second, summed over the threads; the report needs only quotients of them, in which
     * the per-second scale cancels.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Halves {
        public long offNanos;
        public long onNanos;
        public long offUnits;
        public long onUnits;
        public long offLeftOut;
        public long onLeftOut;
        private long row;

        @Setup(Level.Trial)
        public void pick(ThreadParams thread) {
            row = thread.getThreadIndex() + 1;
        }
    }

    @Benchmark
    public void pair(Factories factories, Halves halves, Control control) {
        boolean measuring = control.startMeasurement && !control.stopMeasurement;
        long offNanos;
        long onNanos;
        // Which half goes first is a coin toss: neither half always runs on caches the other just
        // warmed, and threads cannot fall into step (all of them in the unguarded database together,
        // then all in the guarded one), which would give the two halves different contention in H2.
        if (ThreadLocalRandom.current().nextBoolean()) {
            offNanos = unitOfWork(factories.off, factories.committedOff, halves.row);
            onNanos = unitOfWork(factories.on, factories.committedOn, halves.row);
        } else {
            onNanos = unitOfWork(factories.on, factories.committedOn, halves.row);
            offNanos = unitOfWork(factories.off, factories.committedOff, halves.row);
        }
        if (measuring) {
            if (offNanos > OFF_CPU_NANOS) {
                halves.offLeftOut++;
            } else {
                halves.offNanos += offNanos;
                halves.offUnits++;
            }
            if (onNanos > OFF_CPU_NANOS) {
                halves.onLeftOut++;
            } else {
                halves.onNanos += onNanos;
                halves.onUnits++;
            }
        }
    }

    /** One Session per operation, as in the unit-of-work benchmark; its duration in nanoseconds. */
    private static long unitOfWork(Database db, LongAdder committed, long row) {
        long start = System.nanoTime();
        db.sessionFactory().inTransaction(session -> UnitOfWorkBenchmark.incrementRow(session, row));
        long took = System.nanoTime() - start;
        committed.increment();
        return took;
    }
}

package dev.sharedsession.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * A network between the application and its database, modelled on the client: every JDBC round
 * trip (a statement's execution, a commit, a rollback) first waits a set time, the round-trip time
 * (RTT). 0 ms is the same host, 0.2 ms the same rack, 1 ms another availability zone.
 *
 * <p>Why it matters for the lesson: a real application spends most of a unit of work waiting for
 * the database. A lock around a shared Session makes every thread wait for every other thread's
 * round trips; a Session per unit of work lets the threads wait side by side. On in-process H2
 * there is no wait at all, the benchmark is pure CPU, and two cores are the limit whatever the
 * strategy.
 *
 * <p>The wait <em>parks</em> the thread ({@link LockSupport#parkNanos}): like a thread blocked on
 * a socket, it leaves the CPU to the others. A busy-wait would burn a core per waiting thread and
 * model nothing. Parking overshoots (the timer's slack and the wake-up: tens of microseconds on
 * Linux, more on a busy machine), so every wait is timed, and the mean wait actually achieved per
 * round trip is counted beside the nominal RTT; a wait never ends early (a spurious wake-up parks
 * again for the rest).
 *
 * <p>The proxy is datasource-proxy's: a query listener's before-hook for statements (a batch is one
 * round trip), a method listener for {@code Connection.commit} and {@code rollback}. Borrowing a
 * connection from the pool is no round trip (the pool sits on the client), and neither is
 * {@code setAutoCommit(false)} (drivers send it with the next statement).
 */
final class ModelledNetwork {

    /** Receives each round trip's wait on the thread that waited; one per JMH thread (its aux counters). */
    interface Tally {
        void roundTrip(long waitedNanos);
    }

    private final long rttNanos;
    private final String label;
    /** Off while JMH warms up: the JIT then compiles Hibernate at full speed (see {@link #measure}). */
    private volatile boolean on = true;
    private final ThreadLocal<Tally> tally = new ThreadLocal<>();
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();

    private ModelledNetwork(long rttNanos, String label) {
        this.rttNanos = rttNanos;
        this.label = label;
    }

    /** A network of {@code rttMillis} per round trip (0 or more; 0 means no proxy at all, see {@link BenchDatabase}). */
    static ModelledNetwork ofMillis(double rttMillis) {
        if (!(rttMillis >= 0) || rttMillis > 1_000) {
            throw new IllegalArgumentException("a round-trip time is 0 to 1000 ms, not " + rttMillis);
        }
        return new ModelledNetwork(Math.round(rttMillis * 1_000_000), format(rttMillis) + " ms");
    }

    /** {@code pool} behind a proxy that makes every round trip wait. */
    DataSource wrap(DataSource pool) {
        return ProxyDataSourceBuilder.create(pool)
                .name("network, RTT " + label)
                .beforeQuery((execution, queries) -> roundTrip())
                .beforeMethod(call -> {
                    if (call.getTarget() instanceof Connection && isCommitOrRollback(call.getMethod().getName())) {
                        roundTrip();
                    }
                })
                .build();
    }

    private static boolean isCommitOrRollback(String method) {
        return "commit".equals(method) || "rollback".equals(method);
    }

    /** Waits one RTT, parked; returns the nanoseconds actually waited (at least the RTT, unless switched off). */
    long roundTrip() {
        if (!on || rttNanos == 0) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + rttNanos;
        for (long left = rttNanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        long waited = System.nanoTime() - start;
        roundTrips.increment();
        waitedNanos.add(waited);
        Tally mine = tally.get();
        if (mine != null) {
            mine.roundTrip(waited);
        }
        return waited;
    }

    /**
     * Whether round trips wait. JMH's warm-up iterations run with the network off: at 1 ms per
     * round trip a thread does about 300 units of work a second, and the JIT would need minutes of
     * them to compile Hibernate's code paths; with it off they compile in seconds, and the
     * measured iterations then see a warm JVM behind a slow network, as a real server's would.
     */
    void measure(boolean waiting) {
        on = waiting;
    }

    /** From now on, this thread's round trips are also counted into {@code counts}. */
    void countOnThisThread(Tally counts) {
        tally.set(counts);
    }

    long rttNanos() {
        return rttNanos;
    }

    /** Round trips that waited, on every thread, since this network was made. */
    long roundTrips() {
        return roundTrips.sum();
    }

    /** The nanoseconds those round trips waited, in all. */
    long waitedNanos() {
        return waitedNanos.sum();
    }

    @Override
    public String toString() {
        return "modelled network, RTT " + label;
    }

    /** An RTT as the report and JMH's parameters write it: "0", "0.2", "1". */
    static String format(double millis) {
        return BigDecimal.valueOf(millis).stripTrailingZeros().toPlainString();
    }
}

package dev.sharedsession.benchmarks;

import dev.sharedsession.benchmarks.Plan.Timing;
import java.util.List;
import java.util.Locale;

/**
 * How much a run measures and for how long ({@link Plan} turns a profile into JMH runs).
 * Hibernate's code paths are long and need seconds of warm-up before the JIT has compiled them
 * (observed: 120, 540, 700, 850, then 5,000 units of work per second in the first one-second
 * iterations on a busy 2-core machine). Warm-up runs with the modelled network off (see
 * {@link ModelledNetwork#measure}), so it takes as long at 1 ms as at 0.
 *
 * <p><b>The full profile's budget, on paper</b> ({@code ./bench full --db h2,postgresql}). Every
 * combination is a fresh JVM: starting it, booting Hibernate and creating the schema cost about
 * 5 s on H2 and 6 s on the server ({@link Plan#FORK_SECONDS_H2}: measured with other builds on
 * the machine); then its warm-up and measured iterations. {@code ./bench} prints the same sums
 * ({@link Plan#describe}) before it starts.
 * <pre>
 * part (per database unless said)      combinations                     seconds per fork        seconds
 *                                                                        start + warm-up + measured   H2  PostgreSQL
 * uncontended, RTT 1 ms (the headline)  4 strategies × 1,2,4,8 threads = 16  5|6 + 4 + 12 × 0.5     240   256
 * uncontended, RTT 0.2 ms               4 × 1,8 = 8                          5|6 + 4 + 6 × 0.5       96   104
 * contended, RTT 1 ms                   4 × 1,8 = 8                          5|6 + 4 + 6 × 0.5       96   104
 * uncontended, no network (RTT 0)       4 × 1,8 = 8                          H2: 5 + 20 + 5         240
 *                                                                            server: 6 + 8 + 10            192
 * the guard: per operation in pairs, off and confined in one JVM, H2, no network
 *                                       1 × 1,8 = 2, 2 forks each            5 + 20 + 10            140     –
 * what a Session costs, H2              3                                    5 + 4 + 5               42     –
 * the persistence context, H2           4 methods × 3 sizes = 12             5 + 4 + 5, +1.5 set-up 186     –
 *                                                                                           total  1040   656
 * </pre>
 * 1,696 s: about <b>28 minutes</b> for both databases (97 combinations, 99 forks), 17.3 on H2
 * alone. An idle machine starts a JVM faster than the busy one measured; each second more or
 * less per fork moves the total by 1.7 minutes. The ratios that carry the goals get more samples:
 * the headline 12 measured iterations, the guard 2 forks of 10, the server without a network 10.
 * The interval of a mean narrows with more iterations twice over: more samples, and a smaller
 * Student's t at 99.9% (8.6 for 5 iterations, 4.8 for 10, 4.4 for 12, 4.1 for 16).
 *
 * <p>Without a network, H2 is pure CPU and its warm-up is the JIT compiling Hibernate: on this
 * 2-core machine the Session per operation was still climbing 16 s into a fork (8 s warm-up, then
 * measured: 8,215, 10,647, 13,874, 24,311, 40,484, 39,670, 41,395, 77,065 units of work per
 * second; run of 2026-11-30), so H2 warms up 20 s there. A server's round trips, not the JIT,
 * set the pace: 8 s of warm-up, and more measured iterations for the goal's ratio.
 */
public enum Profile {
    /**
     * About 3.5 minutes on 2 cores on H2 (5.5 with PostgreSQL too, on paper): RTT 0 and 1 ms, every benchmark
     * once, all in the one JVM of ./bench (forks 0), each JMH run warming up all its benchmarks
     * together first (JMH's bulk warm-up), so the JIT warms up Hibernate once for all of them
     * instead of once per fork. Rough numbers (one benchmark's profile colours the next), for
     * trying things out.
     */
    QUICK(List.of("0", "1"), List.of(1, 2, 4, 8), List.of(1, 8), List.of(1, 2, 4, 8), List.of(1, 8), List.of(1, 8),
            new Timing(0, 1, 500, 3, 400), new Timing(0, 1, 500, 3, 400), new Timing(0, 1, 500, 3, 400),
            new Timing(0, 1, 500, 3, 400), new Timing(0, 1, 500, 3, 400), new Timing(0, 1, 500, 3, 400),
            List.of("1000", "10000", "100000")),
    /**
     * About 28 minutes on 2 cores with {@code --db h2,postgresql} (the budget above), 17.3 on H2
     * alone: a fresh JVM per combination (so no JIT decision of one flatters another); 20 s of
     * warm-up without a network on H2 (with 8 s the unit of work was still climbing through the
     * measured iterations), 8 s on a server, 4 s where the network then waits (the JIT warms up
     * the same, the waits need no warming). The profile of the committed report.
     */
    FULL(List.of("0", "0.2", "1"), List.of(1, 2, 4, 8), List.of(1, 8), List.of(1, 8), List.of(1, 8), List.of(1, 8),
            new Timing(1, 20, 1000, 5, 1000), new Timing(1, 8, 1000, 10, 1000), new Timing(1, 4, 1000, 12, 500),
            new Timing(1, 4, 1000, 6, 500), new Timing(2, 20, 1000, 10, 1000), new Timing(1, 4, 1000, 5, 1000),
            List.of("1000", "10000", "100000")),
    /**
     * The build's smoke test: in-process, no warm-up, one tiny iteration, a round trip of 0.2 ms,
     * the guard off and on, the smallest context. Not offered on the command line.
     */
    SMOKE(List.of("0", "0.2"), List.of(2), List.of(2), List.of(2), List.of(2), List.of(2),
            new Timing(0, 0, 0, 1, 100), new Timing(0, 0, 0, 1, 100), new Timing(0, 0, 0, 1, 100),
            new Timing(0, 0, 0, 1, 100), new Timing(0, 0, 0, 1, 100), new Timing(0, 0, 0, 1, 100), List.of("1000"));

    /** Round-trip times, ms; the largest is the headline. */
    final List<String> rtts;
    /** Thread counts: uncontended at the headline RTT, at the other RTTs, without a network; contended; the guard. */
    final List<Integer> headlineThreads;
    final List<Integer> waitingThreads;
    final List<Integer> noNetworkThreads;
    final List<Integer> contendedThreads;
    final List<Integer> guardThreads;
    /** No network on H2: CPU-bound, the JIT's state is the measurement. */
    final Timing cpu;
    /** No network on a server: its round trips set the pace. */
    final Timing serverCpu;
    /** The headline RTT, uncontended: the goals' ratios, more iterations. */
    final Timing headline;
    /** Other RTTs, and contended. */
    final Timing waiting;
    /** The guard's pairs: a few per cent to resolve, so two forks (their agreement is shown) and more iterations. */
    final Timing guardTiming;
    /** What a Session costs, and the persistence context. */
    final Timing other;
    final List<String> contextSizes;

    Profile(List<String> rtts, List<Integer> headlineThreads, List<Integer> waitingThreads, List<Integer> noNetworkThreads,
            List<Integer> contendedThreads, List<Integer> guardThreads, Timing cpu, Timing serverCpu, Timing headline, Timing waiting, Timing guardTiming, Timing other,
            List<String> contextSizes) {
        this.rtts = rtts;
        this.headlineThreads = headlineThreads;
        this.waitingThreads = waitingThreads;
        this.noNetworkThreads = noNetworkThreads;
        this.contendedThreads = contendedThreads;
        this.guardThreads = guardThreads;
        this.cpu = cpu;
        this.serverCpu = serverCpu;
        this.headline = headline;
        this.waiting = waiting;
        this.guardTiming = guardTiming;
        this.other = other;
        this.contextSizes = contextSizes;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String describe() {
        String how = cpu.forks() == 0 ? "all in one JVM (forks 0), bulk warm-up; " : "a fresh JVM (fork) per combination; ";
        if (java.util.stream.Stream.of(cpu, serverCpu, headline, waiting, guardTiming, other).distinct().count() == 1) {
            return how + "each combination " + cpu.describe();
        }
        return how + "no network: " + cpu.describe() + " (on a server: " + serverCpu.describe() + "); headline RTT: " + headline.describe() + "; other RTTs and contended: "
                + waiting.describe() + "; the guard: " + guardTiming.describe() + "; the rest: " + other.describe();
    }
}

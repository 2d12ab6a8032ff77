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
 * uncontended, RTT 1 ms (the headline)  4 strategies × 1,2,4,8 threads = 16  5|6 + 4 + 10 × 0.5     224   240
 * uncontended, RTT 0.2 ms               4 × 1,8 = 8                          5|6 + 4 + 6 × 0.5       96   104
 * contended, RTT 1 ms                   4 × 1,8 = 8                          5|6 + 4 + 6 × 0.5       96   104
 * uncontended, no network (RTT 0)       4 × 1,2,8 = 12 (H2: 10, the          5|6 + 8 + 5            180   228
 *                                       guard's part has the other 2)
 * the guard: per operation, off|confined, H2, no network
 *                                       2 × 1,8 = 4, 2 forks each            5 + 8 + 8              168     –
 * what a Session costs, H2              3                                    5 + 4 + 5               42     –
 * the persistence context, H2           4 methods × 3 sizes = 12             5 + 4 + 5, +1.5 set-up 186     –
 *                                                                                           total   992   676
 * </pre>
 * 1,668 s: about <b>28 minutes</b> for both databases (105 combinations, 109 forks), 16.5 on H2
 * alone. An idle machine starts a JVM faster than the busy one measured; each second more or
 * less per fork moves the total by 1.8 minutes. The ratios that carry the goals get more samples:
 * the headline 10 measured iterations, the guard 2 forks of 8. The interval of a mean narrows
 * with more iterations twice over: more samples, and a smaller Student's t at 99.9% (8.6 for 5
 * iterations, 4.8 for 10, 4.1 for 16).
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
            new Timing(0, 1, 500, 3, 400), new Timing(0, 1, 500, 3, 400), List.of("1000", "10000", "100000")),
    /**
     * About 28 minutes on 2 cores with {@code --db h2,postgresql} (the budget above), 16.5 on H2
     * alone: a fresh JVM per combination (so no JIT decision of one flatters another); 8 s of
     * warm-up without a network (with 5 s the unit of work was still climbing through the measured
     * iterations), 4 s where the network then waits (the JIT warms up the same, the waits need no
     * warming). The profile of the committed report.
     */
    FULL(List.of("0", "0.2", "1"), List.of(1, 2, 4, 8), List.of(1, 8), List.of(1, 2, 8), List.of(1, 8), List.of(1, 8),
            new Timing(1, 8, 1000, 5, 1000), new Timing(1, 4, 1000, 10, 500), new Timing(1, 4, 1000, 6, 500),
            new Timing(2, 8, 1000, 8, 1000), new Timing(1, 4, 1000, 5, 1000), List.of("1000", "10000", "100000")),
    /**
     * The build's smoke test: in-process, no warm-up, one tiny iteration, a round trip of 0.2 ms,
     * the guard off and on, the smallest context. Not offered on the command line.
     */
    SMOKE(List.of("0", "0.2"), List.of(2), List.of(2), List.of(2), List.of(2), List.of(2),
            new Timing(0, 0, 0, 1, 100), new Timing(0, 0, 0, 1, 100), new Timing(0, 0, 0, 1, 100),
            new Timing(0, 0, 0, 1, 100), new Timing(0, 0, 0, 1, 100), List.of("1000"));

    /** Round-trip times, ms; the largest is the headline. */
    final List<String> rtts;
    /** Thread counts: uncontended at the headline RTT, at the other RTTs, without a network; contended; the guard. */
    final List<Integer> headlineThreads;
    final List<Integer> waitingThreads;
    final List<Integer> noNetworkThreads;
    final List<Integer> contendedThreads;
    final List<Integer> guardThreads;
    /** No network: CPU-bound, the JIT's state is the measurement. */
    final Timing cpu;
    /** The headline RTT, uncontended: the goals' ratios, more iterations. */
    final Timing headline;
    /** Other RTTs, and contended. */
    final Timing waiting;
    /** The guard off and on: a few per cent to resolve, so more forks and iterations. */
    final Timing guardTiming;
    /** What a Session costs, and the persistence context. */
    final Timing other;
    final List<String> contextSizes;

    Profile(List<String> rtts, List<Integer> headlineThreads, List<Integer> waitingThreads, List<Integer> noNetworkThreads,
            List<Integer> contendedThreads, List<Integer> guardThreads, Timing cpu, Timing headline, Timing waiting, Timing guardTiming, Timing other,
            List<String> contextSizes) {
        this.rtts = rtts;
        this.headlineThreads = headlineThreads;
        this.waitingThreads = waitingThreads;
        this.noNetworkThreads = noNetworkThreads;
        this.contendedThreads = contendedThreads;
        this.guardThreads = guardThreads;
        this.cpu = cpu;
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
        if (java.util.stream.Stream.of(cpu, headline, waiting, guardTiming, other).distinct().count() == 1) {
            return how + "each combination " + cpu.describe();
        }
        return how + "no network: " + cpu.describe() + "; headline RTT: " + headline.describe() + "; other RTTs and contended: "
                + waiting.describe() + "; the guard: " + guardTiming.describe() + "; the rest: " + other.describe();
    }
}

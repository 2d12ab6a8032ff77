package dev.sharedsession.benchmarks;

import java.util.Locale;

/**
 * How long each benchmark runs: 47 (benchmark, parameters, threads) combinations in all.
 * Hibernate's code paths are long and need about five seconds of warm-up before the JIT has
 * compiled them (observed: 120, 540, 700, 850, then 5,000 units of work per second in the
 * first one-second iterations on a busy 2-core machine).
 */
public enum Profile {
    /**
     * About 3 minutes on 2 cores: every benchmark once, all in the one JVM of ./bench (forks 0), each run
     * warming up all its benchmarks together first (JMH's bulk warm-up), so the JIT warms up
     * Hibernate once for all of them instead of once per fork. Rough numbers (one benchmark's
     * profile colours the next), for trying things out.
     */
    QUICK(0, 1, 500, 3, 400, 1),
    /**
     * Under 20 minutes on 2 cores: a fresh JVM per combination (so no JIT decision of one
     * flatters another), 5 measured seconds; 10 s of warm-up for the unit-of-work benchmark
     * (with 5 s its throughput was still climbing through the measured iterations), 5 s for the rest.
     * The profile of the committed report.
     */
    FULL(1, 5, 1000, 5, 1000, 10),
    /** The build's smoke test: in-process, no warm-up, one tiny iteration. Not offered on the command line. */
    SMOKE(0, 0, 0, 1, 100, 0);

    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int measurementIterations;
    final int measurementMillis;
    /** Warm-up iterations of the unit-of-work benchmark, whose Hibernate code paths take longest to compile. */
    final int unitOfWorkWarmupIterations;

    Profile(int forks, int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis,
            int unitOfWorkWarmupIterations) {
        this.unitOfWorkWarmupIterations = unitOfWorkWarmupIterations;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.measurementIterations = measurementIterations;
        this.measurementMillis = measurementMillis;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String describe() {
        return (forks == 0 ? "all in one JVM (forks 0), bulk warm-up, " : forks + " fresh JVM (fork) per combination, ") + warmupIterations + " warm-up iteration(s) of " + warmupMillis
                + " ms (" + unitOfWorkWarmupIterations + " for the unit of work), " + measurementIterations
                + " measured iteration(s) of " + measurementMillis + " ms";
    }
}

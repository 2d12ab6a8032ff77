package dev.sharedsession.benchmarks;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code ./bench} run measures, in the order it runs: parts, each one JMH run per thread
 * count of some benchmarks, with some parameters, for some time. A {@link Profile} says which
 * parts; the command line may replace the databases, the thread counts and the round-trip times.
 * The plan also estimates how long it takes, from the numbers in it (see {@link Profile}).
 */
final class Plan {

    static final String UOW = UnitOfWorkBenchmark.class.getName() + ".";
    static final List<String> STRATEGIES = List.of(
            UOW + "lockedSharedSession", UOW + "sessionPerThread", UOW + "sessionPerOperation", UOW + "rawJdbc");
    static final String PER_OPERATION = UOW + "sessionPerOperation";
    static final String GUARD_PAIR = Results.GUARD_PAIR;

    /**
     * Seconds a fork costs beyond its iterations: start a JVM, boot Hibernate, create the schema,
     * tear down. Measured on this project's 2-core machine with other builds running (load 3 to
     * 4): 4 one-second forks of the unit-of-work benchmark on H2 took 26 s in all; on an idle
     * machine it is less.
     */
    static final double FORK_SECONDS_H2 = 5;
    /** The same on a server: the schema of the fork created over a connection, and dropped again. */
    static final double FORK_SECONDS_SERVER = 6;
    /** Without forks (quick, smoke): opening the database inside the one JVM. */
    static final double IN_PROCESS_SECONDS = 1;

    /** How long each combination runs: forks, warm-up and measured iterations. */
    record Timing(int forks, int warmupIterations, int warmupMillis, int iterations, int iterationMillis) {

        double warmupSeconds() {
            return warmupIterations * warmupMillis / 1000.0;
        }

        double measuredSeconds() {
            return iterations * iterationMillis / 1000.0;
        }

        String describe() {
            return (forks == 0 ? "in this JVM" : forks + (forks == 1 ? " fork" : " forks")) + ", "
                    + warmupIterations + " × " + warmupMillis + " ms warm-up, " + iterations + " × " + iterationMillis + " ms measured";
        }
    }

    /**
     * One part: {@code benchmarks} (full names) × every combination of {@code params} × {@code threads}.
     * {@code extraSeconds} is set-up beyond the fork's usual, per combination (the 100k-entity context).
     */
    record Part(String title, List<String> benchmarks, Map<String, List<String>> params, List<Integer> threads,
                Timing timing, boolean onServer, double extraSeconds) {

        int combinations() {
            int n = benchmarks.size() * threads.size();
            for (List<String> values : params.values()) {
                n *= values.size();
            }
            return n;
        }

        /** Estimated seconds: every combination, every fork, start-up and iterations. */
        double seconds() {
            Timing t = timing;
            if (t.forks() == 0) {
                // JMH's bulk warm-up warms every combination of the run first, then again before measuring it.
                return combinations() * (IN_PROCESS_SECONDS + extraSeconds + 2 * t.warmupSeconds() + t.measuredSeconds());
            }
            double fork = onServer ? FORK_SECONDS_SERVER : FORK_SECONDS_H2;
            return combinations() * t.forks() * (fork + extraSeconds + t.warmupSeconds() + t.measuredSeconds());
        }
    }

    private final Profile profile;
    private final List<String> databases;
    private final List<Part> parts;

    private Plan(Profile profile, List<String> databases, List<Part> parts) {
        this.profile = profile;
        this.databases = databases;
        this.parts = List.copyOf(parts);
    }

    Profile profile() {
        return profile;
    }

    List<String> databases() {
        return databases;
    }

    List<Part> parts() {
        return parts;
    }

    /** The estimated duration of the whole run. */
    Duration estimate() {
        return Duration.ofSeconds(Math.round(parts.stream().mapToDouble(Part::seconds).sum()));
    }

    int combinations() {
        return parts.stream().mapToInt(Part::combinations).sum();
    }

    /**
     * The profile's plan on {@code databases} (at least one; the unit-of-work benchmark runs on
     * each, the others on the first). {@code threads} and {@code rtts}, if not null, replace the
     * profile's thread counts and round-trip times (milliseconds, as JMH's parameter writes them).
     */
    static Plan of(Profile profile, List<String> databases, List<Integer> threads, List<String> rtts) {
        if (databases.isEmpty()) {
            throw new IllegalArgumentException("a plan needs a database");
        }
        List<String> rttList = new ArrayList<>(rtts != null ? rtts : profile.rtts);
        rttList.sort(Comparator.comparing(BigDecimal::new));
        // The largest RTT is the headline: the realistic network, where the lesson shows.
        String headline = rttList.get(rttList.size() - 1);
        boolean guard = databases.contains("h2");
        List<Integer> guardThreads = threads != null ? threads : profile.guardThreads;
        List<Part> parts = new ArrayList<>();
        for (String db : databases) {
            boolean server = !"h2".equals(db);
            List<String> headlineFirst = new ArrayList<>(rttList);
            java.util.Collections.reverse(headlineFirst);
            for (String rtt : headlineFirst) {
                boolean noNetwork = isZero(rtt);
                List<Integer> counts = threads != null ? threads
                        : rtt.equals(headline) ? profile.headlineThreads : noNetwork ? profile.noNetworkThreads : profile.waitingThreads;
                Timing timing = noNetwork ? (server ? profile.serverCpu : profile.cpu)
                        : rtt.equals(headline) ? profile.headline : profile.waiting;
                String title = "unit of work, uncontended, " + rttTitle(rtt) + ", " + db;
                parts.add(new Part(title, STRATEGIES, uowParams(db, rtt, "UNCONTENDED"), counts, timing, server, 0));
            }
            parts.add(new Part("unit of work, contended, " + rttTitle(headline) + ", " + db, STRATEGIES,
                    uowParams(db, headline, "CONTENDED"), threads != null ? threads : profile.contendedThreads,
                    isZero(headline) ? (server ? profile.serverCpu : profile.cpu) : profile.waiting, server, 0));
        }
        if (guard) {
            parts.add(new Part("the session guard's cost: Session per operation in pairs, guard off and confined, no network, h2",
                    List.of(GUARD_PAIR), Map.of("guard", List.of("confined")), guardThreads, profile.guardTiming, false, 0));
        }
        String first = databases.get(0);
        boolean server = !"h2".equals(first);
        parts.add(new Part("what a Session costs, " + first,
                benchmarksOf(SessionCostBenchmark.class), Map.of("db", List.of(first)), List.of(1),
                profile.other, server, 0));
        Map<String, List<String>> context = new LinkedHashMap<>();
        context.put("db", List.of(first));
        context.put("managed", profile.contextSizes);
        // Inserting and loading 100,000 rows takes a few seconds of set-up: about 1.5 s per size on average.
        parts.add(new Part("the long-lived persistence context, " + first,
                benchmarksOf(PersistenceContextBenchmark.class), context, List.of(1), profile.other, server,
                profile.contextSizes.size() > 1 ? 1.5 : 0));
        return new Plan(profile, List.copyOf(databases), parts);
    }

    /** The full names of a class's benchmark methods, in a fixed order. */
    static List<String> benchmarksOf(Class<?> type) {
        return java.util.Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class))
                .map(m -> type.getName() + "." + m.getName())
                .sorted()
                .toList();
    }

    private static Map<String, List<String>> uowParams(String db, String rtt, String workload) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("db", List.of(db));
        params.put("rttMs", List.of(rtt));
        params.put("workload", List.of(workload));
        params.put("guard", List.of("off"));
        return params;
    }

    static boolean isZero(String rtt) {
        return new BigDecimal(rtt).signum() == 0;
    }

    static String rttTitle(String rtt) {
        return isZero(rtt) ? "no network (RTT 0)" : "RTT " + rtt + " ms";
    }

    /** The plan as lines: each part, its combinations and its estimated time; then the total. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Part part : parts) {
            lines.add(String.format(java.util.Locale.ROOT, "%-95s %3d × %s: %4.0f s", part.title() + ", threads "
                    + part.threads().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""),
                    part.combinations(), part.timing().describe(), part.seconds()));
        }
        lines.add(combinations() + " combinations, estimated " + minutes(estimate()) + " on a 2-core machine");
        return lines;
    }

    static String minutes(Duration d) {
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}

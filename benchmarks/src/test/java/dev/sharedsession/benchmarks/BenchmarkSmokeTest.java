package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Every benchmark runs once, briefly, in this JVM: the whole ./bench pipeline with the smoke
 * profile (no warm-up, one 100 ms iteration, the smallest context, two threads so that the
 * shared and per-thread states really are shared and per thread), on H2, with and without a
 * modelled network of 0.2 ms, and the session guard's pairs (off and on). JMH is told to fail on any
 * exception, and each unit-of-work trial checks that no increment was lost. Nothing here looks
 * at how fast anything was; the one number checked is a lower bound the code enforces: no round
 * trip waited less than the RTT.
 */
class BenchmarkSmokeTest {

    @Test
    @DisplayName("every benchmark runs without throwing, and the run ends in results.json, report.md and charts")
    void everyBenchmarkRuns(@TempDir Path out) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        Collection<RunResult> results;
        try {
            Plan plan = Plan.of(Profile.SMOKE, List.of("h2"), List.of(2), null);
            results = Bench.runSuite(plan, Bench.describeDatabases(List.of("h2"), null, null), List.of(), out,
                    "smoke test", quiet);
        } catch (RunnerException e) {
            // JMH's account of what threw is in its output files: show them.
            StringBuilder jmh = new StringBuilder();
            try (Stream<Path> files = Files.list(out)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(Bench.SMOKE_OUTPUT)).sorted().toList()) {
                    jmh.append(Files.readString(f));
                }
            }
            throw new AssertionError("a benchmark failed: " + e.getMessage() + "\n" + jmh, e);
        }

        Set<String> ran = results.stream()
                .map(r -> r.getParams().getBenchmark() + " " + new TreeMap<>(r.getParams().getParamsKeys().stream()
                        .collect(Collectors.toMap(k -> k, k -> r.getParams().getParam(k)))))
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (String method : benchmarkMethods(UnitOfWorkBenchmark.class)) {
            expected.add(method + " {db=h2, guard=off, rttMs=0, workload=UNCONTENDED}");
            expected.add(method + " {db=h2, guard=off, rttMs=0.2, workload=UNCONTENDED}");
            expected.add(method + " {db=h2, guard=off, rttMs=0.2, workload=CONTENDED}");
        }
        expected.add(GuardCostBenchmark.class.getName() + ".pair {guard=confined}");
        benchmarkMethods(SessionCostBenchmark.class).forEach(m -> expected.add(m + " {db=h2}"));
        benchmarkMethods(PersistenceContextBenchmark.class).forEach(m -> expected.add(m + " {db=h2, managed=1000}"));
        assertThat(ran).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());

        // Behind the network every unit-of-work result counted its round trips, none shorter than the RTT.
        List<RunResult> networked = results.stream().filter(r -> "0.2".equals(param(r, "rttMs"))).toList();
        assertThat(networked).hasSize(8).allSatisfy(r -> {
            double trips = r.getSecondaryResults().get("roundTrips").getScore();
            double waited = r.getSecondaryResults().get("waitedNanos").getScore();
            assertThat(trips).as(r.getParams().getBenchmark()).isPositive();
            assertThat(waited / trips).as("mean wait per round trip, ns").isGreaterThanOrEqualTo(200_000);
        });

        // The guard's pairs timed units of work on both sides.
        RunResult pairs = results.stream().filter(r -> r.getParams().getBenchmark().endsWith(".pair")).findFirst().orElseThrow();
        for (String counter : List.of("offUnits", "onUnits", "offNanos", "onNanos")) {
            assertThat(pairs.getSecondaryResults().get(counter).getScore()).as(counter).isPositive();
        }

        assertThat(out.resolve("results.json")).isNotEmptyFile();
        assertThat(out.resolve(RunInfo.FILE)).isNotEmptyFile();
        assertThat(Files.readString(out.resolve(Report.FILE)))
                .contains("## The lesson in one chart", "## Goals", "## The modelled network", "What the session guard costs");
    }

    private static String param(RunResult r, String name) {
        return r.getParams().getParamsKeys().contains(name) ? r.getParams().getParam(name) : null;
    }

    private static List<String> benchmarkMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(Method::getName)
                .map(name -> type.getName() + "." + name)
                .toList();
    }
}

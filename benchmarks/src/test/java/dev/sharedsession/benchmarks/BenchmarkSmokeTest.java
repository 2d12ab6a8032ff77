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
import java.util.List;
import java.util.Set;
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
 * shared and per-thread states really are shared and per thread). JMH is told to fail on any
 * exception, and each unit-of-work trial checks that no increment was lost. Nothing here looks
 * at how fast anything was.
 */
class BenchmarkSmokeTest {

    @Test
    @DisplayName("every benchmark runs without throwing, and the run ends in results.json, report.md and charts")
    void everyBenchmarkRuns(@TempDir Path out) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        Collection<RunResult> results;
        try {
            results = Bench.runSuite(Profile.SMOKE, List.of(2), out, "smoke test", quiet);
        } catch (RunnerException e) {
            // JMH's account of what threw is in its output files: show them.
            StringBuilder jmh = new StringBuilder();
            try (Stream<Path> files = Files.list(out)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(Bench.SMOKE_OUTPUT)).toList()) {
                    jmh.append(Files.readString(f));
                }
            }
            throw new AssertionError("a benchmark failed: " + e.getMessage() + "\n" + jmh, e);
        }

        Set<String> ran = results.stream()
                .map(r -> r.getParams().getBenchmark() + r.getParams().getParamsKeys().stream()
                        .map(k -> " " + k + "=" + r.getParams().getParam(k)).collect(Collectors.joining()))
                .collect(Collectors.toSet());
        Set<String> expected = Stream.concat(
                        benchmarkMethods(UnitOfWorkBenchmark.class).flatMap(m -> Stream.of(
                                m + " workload=UNCONTENDED", m + " workload=CONTENDED")),
                        Stream.concat(benchmarkMethods(SessionCostBenchmark.class),
                                benchmarkMethods(PersistenceContextBenchmark.class).map(m -> m + " managed=1000")))
                .collect(Collectors.toSet());
        assertThat(ran).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
        assertThat(out.resolve("results.json")).isNotEmptyFile();
        assertThat(out.resolve(RunInfo.FILE)).isNotEmptyFile();
        assertThat(Files.readString(out.resolve(Report.FILE))).contains("## The figures at a glance");
    }

    private static Stream<String> benchmarkMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(Method::getName)
                .map(name -> type.getName() + "." + name);
    }
}

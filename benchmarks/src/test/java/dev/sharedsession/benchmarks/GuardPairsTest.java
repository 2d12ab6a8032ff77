package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sharedsession.benchmarks.Results.GuardPairs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the report turns the guard's pairs (JMH's per-iteration counters) into on ÷ off. */
class GuardPairsTest {

    /** One pair result as JMH writes it: two forks of two iterations; every counter per second of its iteration. */
    private static final String PAIRS = """
            [{"jmhVersion": "1.37", "benchmark": "dev.sharedsession.benchmarks.GuardCostBenchmark.pair", "threads": 8,
              "forks": 2, "params": {"guard": "confined"},
              "primaryMetric": {"score": 1000, "scoreError": 10, "scoreUnit": "ops/s", "rawData": [[1000, 1000], [1000, 1000]]},
              "secondaryMetrics": {
                "offNanos":   {"score": 0, "scoreError": 0, "scoreUnit": "ops/s", "rawData": [[10000, 20000], [10000, 10000]]},
                "offUnits":   {"score": 0, "scoreError": 0, "scoreUnit": "ops/s", "rawData": [[1000, 2000], [1000, 1000]]},
                "offLeftOut": {"score": 0, "scoreError": 0, "scoreUnit": "ops/s", "rawData": [[0, 2], [1, 2]]},
                "onNanos":    {"score": 0, "scoreError": 0, "scoreUnit": "ops/s", "rawData": [[12500, 20000], [10000, 12500]]},
                "onUnits":    {"score": 0, "scoreError": 0, "scoreUnit": "ops/s", "rawData": [[1000, 2000], [1000, 1000]]},
                "onLeftOut":  {"score": 0, "scoreError": 0, "scoreUnit": "ops/s", "rawData": [[5, 5], [5, 5]]}
              }}]
            """;

    @Test
    @DisplayName("per iteration, on ÷ off is the mean time without the guard ÷ the mean time with it; the ratio is their mean")
    void ratioPerIteration(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        Files.writeString(json, PAIRS);

        GuardPairs pairs = Results.read(json).guardPairs(8).orElseThrow();

        // Iterations: 10/12.5 = 0.8, 10/10 = 1, 10/10 = 1, 10/12.5 = 0.8.
        assertThat(pairs.ratiosPerFork()).containsExactly(List.of(0.8, 1.0), List.of(1.0, 0.8));
        assertThat(pairs.ratio().score()).isCloseTo(0.9, within(1e-9));
        assertThat(pairs.ratio().error()).as("JMH's 99.9% half-width over the four iterations").isPositive();
        // 50,000 ns over 5,000 units off, 55,000 over 5,000 on.
        assertThat(pairs.offMicros()).isCloseTo(0.010, within(1e-9));
        assertThat(pairs.onMicros()).isCloseTo(0.011, within(1e-9));
        assertThat(pairs.offLeftOutShare()).isCloseTo(5.0 / 5_005, within(1e-12));
        assertThat(pairs.onLeftOutShare()).isCloseTo(20.0 / 5_020, within(1e-12));
        assertThat(pairs.policy()).isEqualTo("confined");
        assertThat(Results.read(json).guardPairs(1)).isEmpty();
    }

    @Test
    @DisplayName("the control (guard=off on both sides) is not taken for the guard's measurement")
    void theControlIsNotTheMeasurement(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        Files.writeString(json, PAIRS.replace("\"guard\": \"confined\"", "\"guard\": \"off\""));

        Results results = Results.read(json);

        assertThat(results.guardPairs(8)).isEmpty();
        assertThat(results.guardPairThreads()).isEmpty();
    }
}

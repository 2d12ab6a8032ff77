package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.benchmarks.Results.Measured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report generator, on small checked-in samples of JMH's JSON: one from a short run with
 * the modelled network on H2 and PostgreSQL ({@code ./bench quick --db h2,postgresql --threads 1,2}),
 * one from before the network existed (the committed report's format). Structure, not numbers.
 */
class ReportTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private static Path sample(Path dir, String resource) throws Exception {
        Path json = dir.resolve("results.json");
        try (var in = ReportTest.class.getResourceAsStream(resource)) {
            Files.copy(in, json);
        }
        return json;
    }

    @Test
    @DisplayName("a results.json becomes report.md led by the lesson's chart and the goals, then every section, with the PNGs it links to")
    void sampleBecomesAReport(@TempDir Path dir) throws Exception {
        Path json = sample(dir, "/sample-results.json");
        Files.writeString(dir.resolve(RunInfo.FILE), "{\"command\": \"./bench quick --db h2,postgresql --threads 1,2\", \"cores\": \"2\"}");

        Report.write(json, dir);

        String md = Files.readString(dir.resolve(Report.FILE));
        assertThat(dir.resolve(Report.FOLDER_PAGE)).hasContent(md);
        assertThat(md).containsSubsequence("# Benchmarks", "## The lesson in one chart",
                "![uncontended throughput against threads, modelled RTT 1 ms](throughput-uncontended-rtt-1.png)", "## Goals",
                "## The run", "## How to read the numbers", "## The modelled network",
                "## 1. Unit-of-work throughput by strategy",
                "### Headline table: units of work per second, uncontended, modelled RTT 1 ms",
                "### Contended: every thread on one row, modelled RTT 1 ms",
                "### No network (RTT 0): what it shows, and why", "### What the session guard costs",
                "## 2. What a Session costs", "## 3. The long-lived persistence context", "## How to run");
        assertThat(md).contains("`./bench quick --db h2,postgresql --threads 1,2`", "To reproduce:", "| cores | 2 |",
                "`./bench report target/bench/quick/results.json`", "**Predicted**");
        assertThat(md).contains("| shared Session + lock |", "| Session per thread |", "| Session per operation |",
                "| raw JDBC (same SQL) |", "**H2 in memory, modelled RTT 1 ms, uncontended: units of work per second**",
                "**PostgreSQL, modelled RTT 1 ms, uncontended: units of work per second**");
        // The lesson's sentence carries this run's numbers, and every goal has a row with a verdict.
        assertThat(md).containsPattern("On H2 in memory, from 1 to 2 threads the shared Session behind a lock goes from [0-9,.]+ to [0-9,.]+");
        assertThat(md).containsPattern("\\| RTT 1 ms, 8 threads, uncontended, H2 in memory: Session per operation ÷ shared Session \\+ lock ≥ 5"
                + " \\| not measured in this run \\|");
        assertThat(md).containsPattern("\\| RTT 1 ms, 2 threads, uncontended, PostgreSQL: Session per operation ÷ shared Session \\+ lock ≥ 1.8"
                + " \\| [0-9.]+ \\([0-9.]+ – [0-9.∞]+, [a-z ]+\\) \\| (\\*\\*met\\*\\*|\\*\\*missed\\*\\*|not decided[^|]*) \\|");
        assertThat(md).containsPattern("\\| Session guard, 1 thread, H2, no network: guard on ÷ off ≥ 0.95 \\(an overhead of at most 5%\\)"
                + " \\| [0-9.]+ \\(");
        // The guard's pairs: time per unit of work on each side, the halves left out, the ratio per fork and its verdict.
        assertThat(md).contains("| threads | a unit of work, guard off | guard confined | halves left out (off / on) |"
                + " on ÷ off (interval) | per fork | at most 5% overhead? |");
        assertThat(md).containsPattern("\\| 1 \\| [0-9.,]+ µs \\| [0-9.,]+ µs \\| [0-9.]+% / [0-9.]+% \\| [0-9.]+ \\([0-9.]+ – [0-9.]+, [a-z ]+\\)"
                + " \\| [0-9.]+ \\| (\\*\\*met\\*\\*|\\*\\*missed\\*\\*|not decided[^|]*) \\|");
        // The achieved wait beside the nominal one: a unit of work is three round trips.
        assertThat(md).containsPattern("\\| 1 ms \\| H2 in memory \\| [0-9.]+ ms \\([0-9.]+ × nominal\\) \\| shared Session \\+ lock 3.00;");
        // Every command the page shows parses (the docs checker holds docs/ to the same).
        Matcher commands = Pattern.compile("`\\./bench ([^`]*)`").matcher(md);
        while (commands.find()) {
            assertThat(BenchArguments.problemWith(commands.group(1).split(" "))).as(commands.group()).isEmpty();
        }
        for (String png : new String[] {"throughput-uncontended-rtt-1.png", "throughput-contended-rtt-1.png",
                "throughput-uncontended-rtt-0.png", "session-cost.png", "flush-cost.png"}) {
            assertThat(md).contains("](" + png + ")");
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertThat(Arrays.copyOf(bytes, 4)).as(png).isEqualTo(PNG);
        }
    }

    @Test
    @DisplayName("a results.json from before the modelled network still becomes a report: H2 without a network, the goals not measured")
    void resultsFromBeforeTheNetwork(@TempDir Path dir) throws Exception {
        Report.write(sample(dir, "/sample-results-before-rtt.json"), dir);

        String md = Files.readString(dir.resolve(Report.FILE));
        assertThat(md).contains("This run measured no network round trip (RTT 0 only)",
                "### No network (RTT 0): what it shows, and why");
        assertThat(md).containsSubsequence("**H2 in memory, no network (RTT 0), uncontended: units of work per second**",
                "Contended, every thread on one row, without a network:",
                "**H2 in memory, no network (RTT 0), contended: units of work per second**", "## 2. What a Session costs");
        assertThat(md).containsPattern("\\| 1,000 \\| [0-9.,]+ ± [0-9.,]+ µs/op");
        assertThat(md).contains("| RTT 1 ms, 8 threads, uncontended, H2 in memory: Session per operation ÷ shared Session + lock ≥ 5"
                + " | not measured in this run | – (run `./bench full --db h2`) |");
        assertThat(md).doesNotContain("## The modelled network", "What the session guard costs");
    }

    @Test
    @DisplayName("without run-info.json the report says that the machine is unknown")
    void withoutRunInfo(@TempDir Path dir) throws Exception {
        Report.write(sample(dir, "/sample-results.json"), dir);
        assertThat(Files.readString(dir.resolve(Report.FILE))).contains("the machine, command and date of this run are unknown");
    }

    @Test
    @DisplayName("a goal-notes.md next to the results is quoted under the goals: the place for a profiler's view of a missed goal")
    void goalNotesAreQuoted(@TempDir Path dir) throws Exception {
        Path json = sample(dir, "/sample-results.json");
        Files.writeString(dir.resolve(Report.GOAL_NOTES), "Measured with -prof stack: 60% in the driver.\n");
        Report.write(json, dir);
        assertThat(Files.readString(dir.resolve(Report.FILE)))
                .containsSubsequence("## Goals", "### Why a goal was not met, measured", "Measured with -prof stack: 60% in the driver.",
                        "## The run");
    }

    @Test
    @DisplayName("a ratio carries the interval its errors allow and says when that interval includes 1")
    void ratios() {
        assertThat(Report.ratio(new Measured(200, 10, "ops/s"), new Measured(100, 10, "ops/s")))
                .isEqualTo("2.00 (1.73 – 2.33, higher)");
        assertThat(Report.ratio(new Measured(110, 20, "ops/s"), new Measured(100, 20, "ops/s")))
                .endsWith("no difference shown)");
        assertThat(Report.ratio(new Measured(50, 5, "ops/s"), new Measured(100, 5, "ops/s")))
                .endsWith("lower)");
        assertThat(Report.ratio(new Measured(50, Double.NaN, "ops/s"), new Measured(100, 5, "ops/s")))
                .contains("no error estimate");
    }

    @Test
    @DisplayName("a goal is met only when its whole interval clears it, missed only when the whole interval falls short")
    void goalVerdicts() {
        // 2.00 (1.73 – 2.33) against 1.8: the interval holds the goal.
        assertThat(Report.verdict(new Measured(200, 10, "ops/s"), new Measured(100, 10, "ops/s"), 1.8))
                .isEqualTo("not decided (the interval holds 1.80)");
        assertThat(Report.verdict(new Measured(200, 10, "ops/s"), new Measured(100, 10, "ops/s"), 1.7)).isEqualTo("**met**");
        assertThat(Report.verdict(new Measured(200, 10, "ops/s"), new Measured(100, 10, "ops/s"), 5)).isEqualTo("**missed**");
        assertThat(Report.verdict(new Measured(200, Double.NaN, "ops/s"), new Measured(100, 10, "ops/s"), 1))
                .isEqualTo("not decided (no error estimate)");
    }
}

package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.benchmarks.Results.Measured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report generator, on a small checked-in sample of JMH's JSON. Structure, not numbers. */
class ReportTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    @DisplayName("a sample results.json becomes report.md with every section, and PNG charts it links to")
    void sampleBecomesAReport(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        try (var in = getClass().getResourceAsStream("/sample-results.json")) {
            Files.copy(in, json);
        }
        Files.writeString(dir.resolve(RunInfo.FILE), "{\"command\": \"./bench quick\", \"cores\": \"2\"}");

        Report.write(json, dir);

        String md = Files.readString(dir.resolve(Report.FILE));
        assertThat(dir.resolve(Report.FOLDER_PAGE)).hasContent(md);
        assertThat(md).contains("## The run", "`./bench quick`", "To reproduce:", "| cores | 2 |", "## How to read the numbers",
                "## The figures at a glance", "## 1. Unit-of-work throughput by strategy", "### Uncontended", "### Contended",
                "## 2. What a Session costs", "## 3. The long-lived persistence context", "**Predicted**");
        assertThat(md).contains("`./bench report target/bench/quick/results.json`");
        // Every command the page shows parses (the docs checker holds docs/ to the same).
        java.util.regex.Matcher commands = java.util.regex.Pattern.compile("`\\./bench ([^`]*)`").matcher(md);
        while (commands.find()) {
            assertThat(BenchArguments.problemWith(commands.group(1).split(" "))).as(commands.group()).isEmpty();
        }
        assertThat(md).contains("| shared Session + lock |", "| Session per thread |", "| Session per operation |",
                "| raw JDBC (same SQL) |");
        assertThat(md).containsPattern("Session per thread, throughput at 2 threads ÷ 1 thread \\(uncontended\\) \\| [0-9.]+ \\(");
        assertThat(md).containsPattern("\\| 1,000 \\| [0-9.,]+ ± [0-9.,]+ µs/op");
        for (String png : new String[] {"throughput-uncontended.png", "throughput-contended.png", "session-cost.png", "flush-cost.png"}) {
            assertThat(md).contains("](" + png + ")");
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertThat(Arrays.copyOf(bytes, 4)).as(png).isEqualTo(PNG);
        }
    }

    @Test
    @DisplayName("without run-info.json the report says that the machine is unknown")
    void withoutRunInfo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        try (var in = getClass().getResourceAsStream("/sample-results.json")) {
            Files.copy(in, json);
        }
        Report.write(json, dir);
        assertThat(Files.readString(dir.resolve(Report.FILE))).contains("the machine, command and date of this run are unknown");
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
}

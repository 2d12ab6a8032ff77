package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's numbers by name, on the checked-in sample of JMH's JSON that {@link ReportTest}
 * writes a report from ({@code ./bench quick --db h2,postgresql --threads 1,2}): the names say what
 * was measured, and each number is the text the report written from the same file shows.
 */
class ReportNumbersTest {

    @TempDir
    Path dir;

    private Path json;
    private Map<String, String> numbers;
    private String report;

    @BeforeEach
    void readTheSampleAndWriteItsReport() throws Exception {
        json = dir.resolve("results.json");
        try (var in = getClass().getResourceAsStream("/sample-results.json")) {
            Files.copy(in, json);
        }
        numbers = ReportNumbers.read(json);
        Report.write(json, dir);
        report = Files.readString(dir.resolve(Report.FILE));
    }

    @Test
    @DisplayName("each number is named by what was measured: database, modelled RTT, workload, threads, strategy; a ratio by both sides")
    void namesSayWhatWasMeasured() {
        assertThat(numbers)
                .containsEntry("uow/h2/rtt1/uncontended/2/sessionPerOperation", "374")
                .containsEntry("uow/postgresql/rtt1/contended/1/lockedSharedSession", "81.5")
                .containsEntry("uow/h2/rtt1/uncontended/2/sessionPerOperation÷lockedSharedSession", "2.50 (0.00 – ∞)")
                .containsEntry("uow/h2/rtt1/uncontended/2÷1/sessionPerOperation", "4.05 (0.00 – ∞)")
                .containsEntry("cost/openClose", "0.552 ± 1.55")
                .containsEntry("context/flushNothingDirty/1000", "224 ± 2,688")
                .containsEntry("guard/2", "0.970 (0.583 – 1.36)")
                .containsEntry("guard/2/off", "584")
                .containsEntry("guard/2/on", "597");
        assertThat(numbers.keySet()).allSatisfy(name -> assertThat(name).matches(
                "uow/(h2|postgresql)/rtt[01]/(un)?contended/[12](÷[12])?/[a-zA-Z]+(÷[a-zA-Z]+)?"
                        + "|cost/[a-zA-Z]+|context/[a-zA-Z]+/1000+|guard/[12](/off|/on)?"));
        // A ratio of a strategy or a thread count with itself is 1 by definition: not a number of the report.
        assertThat(numbers).doesNotContainKeys("uow/h2/rtt1/uncontended/2/sessionPerOperation÷sessionPerOperation",
                "uow/h2/rtt1/uncontended/2÷2/sessionPerOperation");
        // The names are sorted, so a listing of them reads by topic.
        assertThat(List.copyOf(numbers.keySet())).isSorted();
    }

    @Test
    @DisplayName("each number is written as the report writes it: the same digits, the error after ±, a ratio's interval without its verdict word")
    void numbersAreTheReportsText() {
        numbers.forEach((name, number) -> {
            if (name.startsWith("cost/") || name.startsWith("context/")) {
                assertThat(report).as(name).contains("| " + number + " µs/op |");
            } else if (name.matches("guard/\\d+/(off|on)")) {
                assertThat(report).as(name).contains("| " + number + " µs |");
            } else if (name.matches("uow/[a-z0-9]+/rtt1/(un)?contended/\\d+/[a-zA-Z]+")) {
                // The tables at the headline RTT print every strategy's units of work per second, with their error.
                assertThat(report).as(name).contains("| " + number + " ± ");
            } else if (name.matches("guard/\\d+|uow/[a-z0-9]+/rtt1/(un)?contended/(\\d+/[a-zA-Z]+÷lockedSharedSession|2÷1/[a-zA-Z]+)")) {
                // The ratios the report prints: against the shared Session + lock, and most threads ÷ fewest.
                assertThat(number).as(name).matches("[0-9.,]+ \\([0-9.,]+ – ([0-9.,]+|∞)\\)");
                assertThat(report).as(name).contains(number.substring(0, number.length() - 1) + ", ");
            }
        });
    }

    @Test
    @DisplayName("a file that is not JMH's JSON is refused, naming the file")
    void notResultsIsRefused() throws Exception {
        Files.writeString(json, "{\"not\": \"a JMH array\"}");
        assertThatThrownBy(() -> ReportNumbers.read(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(json + ": expected a JSON array of results");
    }
}

package dev.sharedsession.testsupport.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.StateCase;

@DisplayName("The stress summary leads each test with one row per \"what happened\", then lists every raw outcome")
class StressRunnerTest {

    private static final String TEST = "dev.sharedsession.broken.stress.Stress01_ConcurrentUnitsOfWork.TwoVisitors";

    /** Stress01's @Outcomes, shortened: declared in this order, the catch-all apart. */
    private static final List<StateCase> CASES = List.of(
            outcome("ok, ok, saved, saved, 0", ACCEPTABLE, "ok"),
            outcome(".*lost.*", ACCEPTABLE_INTERESTING, "lost"),
            outcome(".*ghost.*", ACCEPTABLE_INTERESTING, "ghost"),
            outcome(".*twice.*", ACCEPTABLE_INTERESTING, "twice"),
            outcome(".*, [1-9]", ACCEPTABLE_INTERESTING, "leaked connection"),
            outcome("[^,]*, [^,]*, saved, saved, 0", ACCEPTABLE_INTERESTING, "internal exception only"));
    private static final StateCase CATCH_ALL = outcome("", ACCEPTABLE_INTERESTING, "something else went wrong");

    private static StateCase outcome(String id, Expect expect, String description) {
        return new StateCase(Pattern.compile(id), expect, description);
    }

    /** 200 samples, so that a row's frequency is half its samples. */
    private static Map<String, Long> counts(Object... idsAndSamples) {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < idsAndSamples.length; i += 2) {
            counts.put((String) idsAndSamples[i], ((Number) idsAndSamples[i + 1]).longValue());
        }
        return counts;
    }

    private static final Map<String, Long> SEEN = counts(
            "ok, ok, saved, saved, 0", 100,
            "AssertionFailure, ok, ghost, saved, 0", 40,
            // ghost and a leaked connection: the first declared pattern that matches (ghost) names it
            "ok, ConstraintViolationException, saved, ghost, 1", 10,
            // ghost and lost: lost is declared first
            "ConstraintViolationException, ok, ghost, lost, 0", 6,
            "ok, ok, saved, saved, 2", 4,
            "NullPointerException, ok, saved, saved, 0", 20,
            "ok, ok, saved, saved, 0x", 12,
            "ConcurrentModificationException, AssertionFailure, saved, saved, 0", 8);

    /** The section's "what happened" table: its header, then its rows in order. */
    private static List<String> whatHappenedRows(String section) {
        String table = Arrays.stream(section.split("\n\n")).filter(block -> block.startsWith("| # |")).findFirst().orElseThrow();
        return Arrays.stream(table.split("\n")).filter(line -> !line.startsWith("| -")).toList();
    }

    /** The section's rows of raw outcomes, in order. */
    private static List<String> rawRows(String section) {
        return Arrays.stream(section.split("\n")).filter(line -> line.startsWith("| `")).toList();
    }

    @Test
    @DisplayName("one row per @Outcome description, in declared order with the catch-all last, with summed samples and frequencies")
    void groupsByWhatHappened() {
        String section = StressRunner.section(TEST, CASES, CATCH_ALL, 4, 200, SEEN);

        assertThat(section).startsWith("## Stress01_ConcurrentUnitsOfWork.TwoVisitors\n\n200 samples in 4 JVM configuration(s)\n\n");
        assertThat(whatHappenedRows(section)).containsExactly(
                "| # | what happened | samples | frequency | expect |",
                "| 1 | ok | 100 | 50.00% | acceptable |",
                "| 2 | lost | 6 | 3.00% | **bad** (interesting) |",
                "| 3 | ghost | 50 | 25.00% | **bad** (interesting) |",
                "| 4 | twice | 0 | 0.00% | **bad** (interesting) |",
                "| 5 | leaked connection | 4 | 2.00% | **bad** (interesting) |",
                "| 6 | internal exception only | 28 | 14.00% | **bad** (interesting) |",
                "| 7 | something else went wrong | 12 | 6.00% | **bad** (interesting), catch-all |");
    }

    @Test
    @DisplayName("every raw outcome is still listed, folded after the rows, with the number of its row, the commonest first within a row")
    void listsEveryRawOutcome() {
        String section = StressRunner.section(TEST, CASES, CATCH_ALL, 4, 200, SEEN);

        assertThat(section.indexOf("<details>")).isGreaterThan(section.indexOf("| 7 | something else"));
        assertThat(section).contains("<summary>Every outcome seen (8), with the number of its row above</summary>");
        assertThat(rawRows(section)).containsExactly(
                "| `ok, ok, saved, saved, 0` | 100 | 50.00% | 1 |",
                "| `ConstraintViolationException, ok, ghost, lost, 0` | 6 | 3.00% | 2 |",
                "| `AssertionFailure, ok, ghost, saved, 0` | 40 | 20.00% | 3 |",
                "| `ok, ConstraintViolationException, saved, ghost, 1` | 10 | 5.00% | 3 |",
                "| `ok, ok, saved, saved, 2` | 4 | 2.00% | 5 |",
                "| `NullPointerException, ok, saved, saved, 0` | 20 | 10.00% | 6 |",
                "| `ConcurrentModificationException, AssertionFailure, saved, saved, 0` | 8 | 4.00% | 6 |",
                "| `ok, ok, saved, saved, 0x` | 12 | 6.00% | 7 |");
        assertThat(section).endsWith("\n</details>\n\n");
    }

    @Test
    @DisplayName("an @Outcome with several ids is one row")
    void severalIdsOneRow() {
        List<StateCase> cases = List.of(
                outcome("ok, ok, 0", ACCEPTABLE, "both pages right"),
                outcome("wrong, .*", ACCEPTABLE_INTERESTING, "a page was wrong"),
                outcome(".*, wrong, .*", ACCEPTABLE_INTERESTING, "a page was wrong"));

        String section = StressRunner.section(TEST, cases, CATCH_ALL, 2, 10,
                counts("ok, ok, 0", 5, "wrong, ok, 0", 2, "ok, wrong, 0", 3));

        assertThat(whatHappenedRows(section)).containsExactly(
                "| # | what happened | samples | frequency | expect |",
                "| 1 | both pages right | 5 | 50.00% | acceptable |",
                "| 2 | a page was wrong | 5 | 50.00% | **bad** (interesting) |",
                "| 3 | something else went wrong | 0 | 0.00% | **bad** (interesting), catch-all |");
    }

    @Test
    @DisplayName("an outcome that no @Outcome matches, in a test without a catch-all, still has a row of its own")
    void undeclaredOutcomeIsShown() {
        String section = StressRunner.section(TEST, List.of(outcome("ok, ok, 0", ACCEPTABLE, "both pages right")), null, 1, 3,
                counts("ok, ok, 0", 2, "ok, ok, 7", 1));

        assertThat(whatHappenedRows(section)).contains("| 2 | matched no @Outcome | 1 | 33.33% | - |");
        assertThat(rawRows(section)).contains("| `ok, ok, 7` | 1 | 33.33% | 2 |");
    }

    @Test
    @DisplayName("a test class is headed by its name without the package, a nested one with its outer class's")
    void heading() {
        assertThat(StressRunner.section("dev.sharedsession.safe.stress.Stress00_GuardIsOn", CASES, CATCH_ALL, 1, 0, Map.of()))
                .startsWith("## Stress00_GuardIsOn\n\n");
        assertThat(StressRunner.section(TEST, CASES, CATCH_ALL, 1, 0, Map.of()))
                .startsWith("## Stress01_ConcurrentUnitsOfWork.TwoVisitors\n\n");
    }

    @Test
    @DisplayName("a test with no outcome recorded has its rows at 0 and no raw list")
    void nothingRecorded() {
        String section = StressRunner.section(TEST, CASES, CATCH_ALL, 1, 0, Map.of());

        assertThat(whatHappenedRows(section)).contains("| 1 | ok | 0 | - | acceptable |");
        assertThat(section).doesNotContain("<details>");
    }
}

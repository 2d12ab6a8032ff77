package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's two parts, against the evidence: guard-proof's table of the broken side under
 * the session guard (docs/session-guard.md, "What it catches in this catalogue", each row asserted
 * by guard-proof's BrokenSideUnderTheGuardTest). A scenario belongs to "One Session on two
 * threads" when the guard stops its forced broken run at a cross-thread call, or when the guard
 * cannot apply only because the Session crossed to the other thread already closed and the
 * wrapper names both threads (scenario 4). Every other scenario the guard cannot apply to puts no
 * Session on two threads: a pitfall on the way to a Session per thread.
 *
 * <p>Pinned to the documented table, not derived from runs here: deriving it would mean the forced
 * broken run of all fifteen scenarios under the guard, a database each, tens of seconds on two
 * cores, for what guard-proof already asserts run by run.
 */
@DisplayName("The catalogue's two parts are the ones the session guard's evidence draws")
class PartitionTest {

    private static final Path GUARD_PAGE = Path.of("..", "docs", "session-guard.md");
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) [^|]*\\| ([^|]*)\\|");

    @Test
    @DisplayName("one Session on two threads: exactly the scenarios the guard stops, and 4, whose closed Session only the wrapper catches; pitfalls: the rest")
    void thePartsAreTheGuardsEvidence() throws IOException {
        Map<Integer, String> stopped = table("| scenario | stopped at |");
        Map<Integer, String> cannotApply = table("| scenario | why the guard cannot apply |");
        assertThat(stopped).as("the guard's tables in " + GUARD_PAGE).isNotEmpty();
        assertThat(cannotApply).as("the guard's tables in " + GUARD_PAGE).isNotEmpty();
        Set<Integer> everyScenario = Catalogue.ALL.stream().map(ScenarioPair::number).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> documented = new TreeSet<>(stopped.keySet());
        documented.addAll(cannotApply.keySet());
        assertThat(documented).as("every scenario in exactly one of the guard's tables").isEqualTo(everyScenario);
        assertThat(stopped.keySet()).doesNotContainAnyElementsOf(cannotApply.keySet());

        // Scenario 4: the guard's property route finds the Session closed, yet the Session did cross threads.
        Set<Integer> crossedClosed = cannotApply.entrySet().stream()
                .filter(e -> e.getValue().contains("closes its Session before the task") && e.getValue().contains("wrapper does name both threads"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(crossedClosed).containsExactly(4);

        Set<Integer> shared = new TreeSet<>(stopped.keySet());
        shared.addAll(crossedClosed);
        Set<Integer> pitfalls = new TreeSet<>(cannotApply.keySet());
        pitfalls.removeAll(crossedClosed);

        assertThat(numbersIn(Part.ONE_SESSION_ON_TWO_THREADS)).isEqualTo(shared);
        assertThat(numbersIn(Part.PITFALLS_ON_THE_WAY)).isEqualTo(pitfalls);
    }

    @Test
    @DisplayName("as of today: 1, 2, 3, 4, 5, 7, 8, 11, 13, 14 and 15 share a Session; 6, 9, 10 and 12 are pitfalls")
    void thePartsToday() {
        assertThat(numbersIn(Part.ONE_SESSION_ON_TWO_THREADS)).containsExactly(1, 2, 3, 4, 5, 7, 8, 11, 13, 14, 15);
        assertThat(numbersIn(Part.PITFALLS_ON_THE_WAY)).containsExactly(6, 9, 10, 12);
    }

    private static Set<Integer> numbersIn(Part part) {
        return Catalogue.ALL.stream().filter(s -> s.part() == part).map(ScenarioPair::number)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The rows of the table of the guard's page whose header starts with {@code header}: scenario number → the row's second cell. */
    private static Map<Integer, String> table(String header) throws IOException {
        List<String> lines = Files.readAllLines(GUARD_PAGE);
        Map<Integer, String> rows = new TreeMap<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith(header)) {
            i++;
        }
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (row.find()) {
                rows.put(Integer.parseInt(row.group(1)), row.group(2));
            }
        }
        return rows;
    }
}

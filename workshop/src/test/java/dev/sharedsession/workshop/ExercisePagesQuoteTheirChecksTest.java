package dev.sharedsession.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each exercise page quotes what {@code ./exercise check N} prints on the starting point. That
 * output is pinned here to the check it comes from: the page names every check by its display
 * name, and under each the words its {@link OnTheStartingPoint} declares, which
 * {@link ExercisesProveThemselvesTest} asserts against a real run in the same build. A check
 * renamed, added, or failing for another reason fails this test until the page is updated.
 * The words are the H2 ones: the pages quote a run on the default database.
 */
@DisplayName("The exercise pages quote what their checks print today")
class ExercisePagesQuoteTheirChecksTest {

    /** Surefire runs in the module's directory; the repository root is one up. */
    private static final Path ROOT = Path.of("..");

    @TestFactory
    @DisplayName("every exercise page quotes its check's failure on the starting point, check by check")
    Stream<DynamicTest> everyPageQuotesItsCheck() {
        return ExerciseArguments.EXERCISES.stream().map(exercise -> DynamicTest.dynamicTest(
                exercise.page() + " quotes ./exercise check " + exercise.name(), () -> assertQuoted(exercise)));
    }

    private static void assertQuoted(Exercise exercise) throws IOException, ClassNotFoundException {
        String command = "$ ./exercise check " + exercise.name();
        List<String> block = quotedBlock(Files.readAllLines(ROOT.resolve(exercise.page())), command);
        assertThat(block).as(exercise.page() + ": a quoted run of '" + command + "'").isNotEmpty();

        List<Method> checks = checksInOrder(exercise);
        assertThat(block).as(exercise.page() + ": the verdict line of '" + command + "'")
                .anyMatch(line -> line.startsWith("FAIL: " + exercise.words() + " against your code, session guard on: ")
                        && line.endsWith(" of " + checks.size() + " checks passed"));
        int from = 0;
        for (Method check : checks) {
            String name = check.getAnnotation(DisplayName.class).value();
            OnTheStartingPoint says = check.getAnnotation(OnTheStartingPoint.class);
            String words = says.fails();
            int at = indexOf(block, from, "  FAIL  " + name, "  ok    " + name);
            assertThat(at).as(exercise.page() + ": '" + command + "' reports the check, after the ones before it: " + name)
                    .isNotNegative();
            if (!words.isEmpty()) {
                assertThat(block.get(at)).as(exercise.page() + ": the check that must fail on the starting point: " + name)
                        .startsWith("  FAIL  ");
                assertThat(report(block, at)).as(exercise.page() + ": what the page quotes under '" + name + "'").contains(words);
            }
            from = at + 1;
        }
    }

    /** The lines after {@code command} in its fenced block, up to the fence; empty if the page does not quote it. */
    private static List<String> quotedBlock(List<String> page, String command) {
        int start = page.indexOf(command);
        if (start < 0) {
            return List.of();
        }
        List<String> block = new ArrayList<>();
        for (String line : page.subList(start + 1, page.size())) {
            if (line.startsWith("```")) {
                break;
            }
            block.add(line);
        }
        return block;
    }

    private static int indexOf(List<String> block, int from, String... candidates) {
        for (int i = from; i < block.size(); i++) {
            if (Arrays.asList(candidates).contains(block.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The report's lines under the check's line, as one paragraph: a Symptoms failure reads "a; b; c". */
    private static String report(List<String> block, int at) {
        List<String> lines = new ArrayList<>();
        for (String line : block.subList(at + 1, block.size())) {
            if (!line.startsWith("        ")) {
                break;
            }
            lines.add(line.strip());
        }
        return String.join("; ", lines);
    }

    /** The check class's checks in the order they run, which is the order the report lists them. */
    private static List<Method> checksInOrder(Exercise exercise) throws ClassNotFoundException {
        return Arrays.stream(Class.forName(exercise.checkClass()).getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class))
                .sorted(Comparator.comparingInt(method -> method.isAnnotationPresent(Order.class)
                        ? method.getAnnotation(Order.class).value() : Order.DEFAULT))
                .toList();
    }
}

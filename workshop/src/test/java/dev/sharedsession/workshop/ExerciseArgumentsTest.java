package dev.sharedsession.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.workshop.ExerciseArguments.Command;
import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("./exercise's command line, its list of exercises, its hints and solutions")
class ExerciseArgumentsTest {

    /** Surefire runs in the module's directory; the repository root is one up. */
    private static final Path ROOT = Path.of("..");

    private static final String EXERCISES = "the exercises are 4, 5, 2, 13, 6, 7, 9, 10, 12 and the capstone (./exercise list)";

    @Test
    @DisplayName("the commands the docs use parse")
    void documentedCommandsParse() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"list"},
                new String[] {"hint", "6"}, new String[] {"hint", "6", "2"}, new String[] {"hint", "capstone"},
                new String[] {"solution", "13"}, new String[] {"solution", "capstone"},
                new String[] {"check", "12", "--solution"}, new String[] {"check", "capstone"},
                new String[] {"check", "capstone", "--solution"})) {
            assertThat(ExerciseArguments.problemWith(args)).as(String.join(" ", args)).isEmpty();
        }

        Command check = ExerciseArguments.parse("check", "4");
        assertThat(check.verb()).isEqualTo("check");
        assertThat(check.exercise()).map(Exercise::checkClass).contains("dev.sharedsession.workshop.exercise04.Exercise04Check");
        assertThat(check.solution()).isFalse();
        assertThat(ExerciseArguments.parse("check", "4", "--solution").solution()).isTrue();

        Command capstone = ExerciseArguments.parse("check", "capstone");
        assertThat(capstone.exercise()).map(Exercise::checkClass).contains("dev.sharedsession.workshop.capstone.CapstoneCheck");

        assertThat(ExerciseArguments.parse("hint", "9").hint()).isEmpty();
        assertThat(ExerciseArguments.parse("hint", "9", "2").hint()).hasValue(2);
        assertThat(ExerciseArguments.parse("solution", "9").exercise()).map(Exercise::name).contains("9");
    }

    @Test
    @DisplayName("bad input gets one line that says what is wrong and what to do")
    void badInputGetsOneLine() {
        assertThat(ExerciseArguments.problemWith("check", "8")).contains("there is no exercise 8; " + EXERCISES);
        assertThat(ExerciseArguments.problemWith("check", "four")).contains("'four' is not an exercise; " + EXERCISES);
        assertThat(ExerciseArguments.problemWith("solution", "-1")).contains("there is no exercise -1; " + EXERCISES);
        assertThat(ExerciseArguments.problemWith("check"))
                .contains("'check' needs an exercise, e.g. ./exercise check 4 (./exercise list shows them)");
        assertThat(ExerciseArguments.problemWith("check", "4", "--fast")).contains("unknown option '--fast' for check: "
                + "the one option is --solution (every check runs under the session guard); run ./exercise --help for the commands");
        assertThat(ExerciseArguments.problemWith("check", "capstone", "--guard")).contains("unknown option '--guard' for check: "
                + "the one option is --solution (every check runs under the session guard); run ./exercise --help for the commands");
        assertThat(ExerciseArguments.problemWith("run", "4")).contains("unknown command 'run': use list, check, hint, solution or --help");
        assertThat(ExerciseArguments.problemWith("list", "4"))
                .contains("'list' takes no arguments but got '4'; run ./exercise --help for the commands");
        assertThat(ExerciseArguments.problemWith("hint")).contains("'hint' needs an exercise, e.g. ./exercise hint 4 (./exercise list shows them)");
        assertThat(ExerciseArguments.problemWith("hint", "4", "second"))
                .contains("'second' is not a hint number: ./exercise hint 4 gives the next hint, ./exercise hint 4 1 the first");
        assertThat(ExerciseArguments.problemWith("hint", "4", "0"))
                .contains("'0' is not a hint number: ./exercise hint 4 gives the next hint, ./exercise hint 4 1 the first");
        assertThat(ExerciseArguments.problemWith("hint", "4", "1", "2"))
                .contains("'hint' takes an exercise and a hint number but got '4 1 2'; run ./exercise --help for the commands");
        assertThat(ExerciseArguments.problemWith("solution", "4", "now"))
                .contains("'solution' takes one exercise but got '4 now'; run ./exercise --help for the commands");
        assertThat(ExerciseArguments.problemWith("solution")).contains("'solution' needs an exercise, e.g. ./exercise solution 4 (./exercise list shows them)");
    }

    @Test
    @DisplayName("the list has nine exercises and the capstone, each with the file to change and its page")
    void theListHasNineExercisesAndTheCapstone() {
        assertThat(ExerciseArguments.EXERCISES).filteredOn(e -> !e.isCapstone()).hasSize(9);
        assertThat(ExerciseArguments.EXERCISES).filteredOn(Exercise::isCapstone).hasSize(1);
        String list = ExerciseArguments.list();
        assertThat(list.lines().filter(line -> line.startsWith("    change: "))).hasSize(10);
        assertThat(list).contains(" 4  A background task after the request closed its Session\n"
                        + "    change: workshop/src/main/java/dev/sharedsession/workshop/exercise04/CheckoutWithReceipt.java\n"
                        + "    page:   docs/workshop/exercise-04-background-task.md")
                .contains("capstone  The lamp shop: find the shared Sessions from their symptoms\n"
                        + "    change: any file in workshop/src/main/java/dev/sharedsession/workshop/capstone/ but Shop.java and Mailer.java\n"
                        + "    page:   docs/workshop/capstone.md");
    }

    @Test
    @DisplayName("every exercise has its starting point, its check, its page without hints or solution, and a solution page with both")
    void everyExerciseIsComplete() throws IOException, ClassNotFoundException {
        String readme = Files.readString(ROOT.resolve("docs/workshop/README.md"));
        for (Exercise exercise : ExerciseArguments.EXERCISES) {
            String which = exercise.words();
            assertThat(ROOT.resolve(exercise.startingPointFile())).as(which + "'s starting point").exists();
            assertThat(Class.forName(exercise.checkClass())).as(which + "'s check").isNotNull();
            assertThat(ROOT.resolve(exercise.page())).as(which + "'s page").isRegularFile();
            assertThat(ROOT.resolve(exercise.solutionPage())).as(which + "'s solution page").isRegularFile();
            assertThat(ExerciseArguments.hints(exercise, ROOT)).as(which + "'s hints").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(hint -> assertThat(hint).isNotBlank().doesNotStartWith("1."));
            assertThat(ExerciseArguments.solution(exercise, ROOT)).as(which + "'s solution").isNotBlank();

            // Issue 15: the page an attendee works from gives away neither a hint nor the answer.
            String page = Files.readString(ROOT.resolve(exercise.page()));
            assertThat(page).as(which + "'s page").doesNotContainIgnoringCase("## hints").doesNotContainIgnoringCase("## solution")
                    .doesNotContain("```diff").doesNotContain("solutions/")
                    .contains("./exercise hint " + exercise.name()).contains("./exercise check " + exercise.name());
            assertThat(readme).as("the workshop's README links " + which + "'s page")
                    .contains("(" + exercise.page().substring("docs/workshop/".length()) + ")");
        }
    }

    @Test
    @DisplayName("hint hands out one hint at a time, weakest first, remembers what was seen, and shows any one again on request")
    void hintsComeOneAtATime(@TempDir Path state) throws IOException {
        Exercise four = ExerciseArguments.named("4");
        List<String> hints = ExerciseArguments.hints(four, ROOT);
        int count = hints.size();

        String first = ExerciseArguments.hint(four, OptionalInt.empty(), ROOT, state);
        assertThat(first).startsWith("Exercise 4, hint 1 of " + count + ":\n\n  " + hints.get(0).lines().findFirst().orElseThrow())
                .endsWith("Next: ./exercise hint 4 (" + (count - 1) + " left). Again: ./exercise hint 4 1.")
                .doesNotContain(hints.get(1));
        assertThat(ExerciseArguments.hint(four, OptionalInt.empty(), ROOT, state)).startsWith("Exercise 4, hint 2 of " + count + ":");
        // Asking for the first again shows it and does not lose the place.
        assertThat(ExerciseArguments.hint(four, OptionalInt.of(1), ROOT, state)).startsWith("Exercise 4, hint 1 of " + count + ":");
        String next = count > 2 ? "Exercise 4, hint 3 of " + count + ":" : "You have seen all";
        assertThat(ExerciseArguments.hint(four, OptionalInt.empty(), ROOT, state)).startsWith(next);

        for (int i = 3; i <= count; i++) {
            String last = ExerciseArguments.hint(four, OptionalInt.of(i), ROOT, state);
            if (i == count) {
                assertThat(last).endsWith("That was the last hint. The answer: ./exercise solution 4. Again: ./exercise hint 4 " + count + ".");
            }
        }
        assertThat(ExerciseArguments.hint(four, OptionalInt.empty(), ROOT, state)).isEqualTo("You have seen all " + count
                + " hints of exercise 4. Again: ./exercise hint 4 1 (to " + count + "). The answer: ./exercise solution 4.");
        assertThatThrownBy(() -> ExerciseArguments.hint(four, OptionalInt.of(count + 1), ROOT, state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exercise 4 has " + count + " hints: ./exercise hint 4 1 to ./exercise hint 4 " + count + " show them");
        // Each exercise keeps its own place.
        assertThat(ExerciseArguments.hint(ExerciseArguments.named("capstone"), OptionalInt.empty(), ROOT, state))
                .startsWith("The capstone, hint 1 of ");
    }
}

package dev.sharedsession.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.workshop.ExerciseArguments.Command;
import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("./exercise's command line and its list of exercises")
class ExerciseArgumentsTest {

    /** Surefire runs in the module's directory; the repository root is one up. */
    private static final Path ROOT = Path.of("..");

    @Test
    @DisplayName("the commands the docs use parse")
    void documentedCommandsParse() {
        assertThat(ExerciseArguments.problemWith()).isEmpty();
        assertThat(ExerciseArguments.problemWith("--help")).isEmpty();
        assertThat(ExerciseArguments.problemWith("list")).isEmpty();
        assertThat(ExerciseArguments.problemWith("hint", "6")).isEmpty();
        assertThat(ExerciseArguments.problemWith("check", "12", "--solution")).isEmpty();

        Command check = ExerciseArguments.parse("check", "4");
        assertThat(check.verb()).isEqualTo("check");
        assertThat(check.exercise()).map(Exercise::checkClass)
                .contains("dev.sharedsession.workshop.exercise04.Exercise04Check");
        assertThat(check.solution()).isFalse();
        assertThat(ExerciseArguments.parse("check", "4", "--solution").solution()).isTrue();
    }

    @Test
    @DisplayName("bad input gets one line that says what is wrong and what to do")
    void badInputGetsOneLine() {
        assertThat(ExerciseArguments.problemWith("check", "7"))
                .contains("there is no exercise 7; the exercises are 4, 5, 6, 10, 12 (./exercise list)");
        assertThat(ExerciseArguments.problemWith("check", "four"))
                .contains("'four' is not an exercise number; the exercises are 4, 5, 6, 10, 12 (./exercise list)");
        assertThat(ExerciseArguments.problemWith("check"))
                .contains("check needs an exercise number, e.g. ./exercise check 4 (./exercise list shows them)");
        assertThat(ExerciseArguments.problemWith("check", "4", "--fast"))
                .contains("unknown option '--fast' for check: the only one is --solution; run ./exercise --help for the commands");
        assertThat(ExerciseArguments.problemWith("run", "4"))
                .contains("unknown command 'run': use list, check, hint or --help");
        assertThat(ExerciseArguments.problemWith("list", "4"))
                .contains("'list' takes no arguments but got '4'; run ./exercise --help for the commands");
        assertThat(ExerciseArguments.problemWith("hint")).contains("'hint' needs an exercise number, e.g. ./exercise hint 4");
    }

    @Test
    @DisplayName("every exercise has its starting point, its check class, its page, and hints on that page")
    void everyExerciseIsComplete() throws IOException, ClassNotFoundException {
        for (Exercise exercise : ExerciseArguments.EXERCISES) {
            assertThat(ROOT.resolve(exercise.startingPointFile())).as("exercise %d's starting point", exercise.number()).isRegularFile();
            assertThat(Class.forName(exercise.checkClass())).as("exercise %d's check", exercise.number()).isNotNull();
            assertThat(ROOT.resolve(exercise.page())).as("exercise %d's page", exercise.number()).isRegularFile();
            assertThat(ExerciseArguments.hints(exercise, ROOT)).as("exercise %d's hints", exercise.number()).startsWith("1. ");
            assertThat(Files.readString(ROOT.resolve("docs/workshop/README.md")))
                    .as("the workshop's README links exercise %d's page", exercise.number())
                    .contains("(" + exercise.page().substring("docs/workshop/".length()) + ")");
        }
    }
}

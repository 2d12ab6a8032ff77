package dev.sharedsession.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.Engine;
import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The workshop proves itself in {@code ./mvnw verify}: every exercise's check (an
 * {@code ExerciseNNCheck}, which surefire does not pick up by itself) is run here through the
 * JUnit Platform launcher, in this JVM, against the starting point, where each check must do
 * what its {@link OnTheStartingPoint} says (fail on an assertion whose report contains the
 * expected words, on this database), and against the solution, where every check must pass.
 * The capstone runs both ways once more with the session guard on.
 */
@DisplayName("The workshop's exercises prove themselves")
class ExercisesProveThemselvesTest {

    /** The database these runs use (-Ddb), for the checks whose failure reads differently on each. */
    private static final Engine ENGINE = Database.Settings.fromSystemProperties("which_database").engine();

    @TestFactory
    @DisplayName("every starting point fails its checks for the reason each check names")
    Stream<DynamicTest> everyStartingPointFailsAsItsChecksSay() {
        return ExerciseArguments.EXERCISES.stream().map(exercise -> DynamicTest.dynamicTest(
                exercise.words() + "'s starting point fails its checks as they say", () ->
                        assertFailsAsAnnotated(exercise, false)));
    }

    @TestFactory
    @DisplayName("every solution passes its checks")
    Stream<DynamicTest> everySolutionPassesItsChecks() {
        return ExerciseArguments.EXERCISES.stream().map(exercise -> DynamicTest.dynamicTest(
                exercise.words() + "'s solution passes its checks", () -> assertPasses(exercise, false)));
    }

    @Test
    @DisplayName("with the session guard on, the capstone's starting point fails with the guard's exception naming the threads")
    void capstoneStartingPointFailsUnderTheGuard() throws ClassNotFoundException {
        assertFailsAsAnnotated(capstone(), true);
    }

    @Test
    @DisplayName("with the session guard on, the capstone's solution passes its checks: the guard finds nothing to refuse")
    void capstoneSolutionPassesUnderTheGuard() {
        assertPasses(capstone(), true);
    }

    private static Exercise capstone() {
        return ExerciseArguments.named(ExerciseArguments.CAPSTONE);
    }

    /** Runs the starting point and holds every check to what its annotation says. */
    private static void assertFailsAsAnnotated(Exercise exercise, boolean guard)
            throws ClassNotFoundException {
        Map<String, TestExecutionResult> results = runCheck(exercise, Subject.STARTING_POINT, guard);
        assertThat(results).as("checks found in " + exercise.checkClass()).isNotEmpty();
        boolean anyFailed = false;
        for (Method method : checkMethods(exercise)) {
            OnTheStartingPoint says = method.getAnnotation(OnTheStartingPoint.class);
            if (says == null) {
                fail(exercise.checkClass() + "." + method.getName() + " does not say what it does on the starting point: annotate it with @"
                        + OnTheStartingPoint.class.getSimpleName());
            }
            TestExecutionResult result = results.get(method.getName());
            assertThat(result).as(method.getName() + " ran").isNotNull();
            Optional<Throwable> failure = result.getThrowable();
            if (failure.isPresent() && !(failure.get() instanceof AssertionError)) {
                fail(exercise.words() + "'s starting point fails its check for the wrong reason: " + method.getName() + " threw "
                        + failure.get());
            }
            anyFailed |= failure.isPresent();
            String words = expectedWords(says, guard);
            if (words.isEmpty()) {
                assertThat(says.mayPass()).as(method.getName() + ": a check that need not fail says why (mayPass)").isNotBlank();
                continue;
            }
            assertThat(failure).as(exercise.words() + "'s starting point, " + method.getName() + (guard ? ", session guard on" : ""))
                    .isPresent();
            assertThat(ExerciseCheck.oneParagraph(failure.get())).as(exercise.words() + ", " + method.getName() + ": the report")
                    .contains(words);
        }
        if (!anyFailed) {
            fail(exercise.words() + "'s starting point now passes its check — you solved it; "
                    + "`git stash` or `git checkout workshop/` restores the starting point");
        }
    }

    /** What the check must report: with the guard, its guarded words; else this database's, or the common ones. */
    private static String expectedWords(OnTheStartingPoint says, boolean guard) {
        if (guard) {
            return says.failsGuarded();
        }
        if (ENGINE == Engine.POSTGRESQL && !says.failsOnPostgresql().isEmpty()) {
            return says.failsOnPostgresql();
        }
        if (ENGINE == Engine.MARIADB && !says.failsOnMariadb().isEmpty()) {
            return says.failsOnMariadb();
        }
        return says.fails();
    }

    private static void assertPasses(Exercise exercise, boolean guard) {
        Map<String, TestExecutionResult> results = runCheck(exercise, Subject.SOLUTION, guard);
        assertThat(results).as("checks found in " + exercise.checkClass()).isNotEmpty();
        List<String> failures = new ArrayList<>();
        results.forEach((check, result) -> result.getThrowable()
                .ifPresent(failure -> failures.add(check + ": " + ExerciseCheck.oneParagraph(failure))));
        assertThat(failures).as(exercise.words() + "'s solution" + (guard ? ", session guard on" : "") + ": failed checks").isEmpty();
        assertThat(results.values()).as(exercise.words() + "'s solution: how its checks ended")
                .allMatch(result -> result.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
    }

    /** The check class's test methods (those the launcher runs). */
    private static List<Method> checkMethods(Exercise exercise) throws ClassNotFoundException {
        List<Method> methods = new ArrayList<>();
        for (Method method : Class.forName(exercise.checkClass()).getDeclaredMethods()) {
            if (method.isAnnotationPresent(Test.class)) {
                methods.add(method);
            }
        }
        return methods;
    }

    /** Runs one exercise's check class against {@code subject}, in this JVM: how each check method ended, by name. */
    private static Map<String, TestExecutionResult> runCheck(Exercise exercise, Subject subject, boolean guard) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(exercise.checkClass()))
                .configurationParameter(Subject.PARAMETER, subject.label())
                .configurationParameter(ExerciseCheck.GUARD, guard ? "on" : "off")
                .build();
        Map<String, TestExecutionResult> results = new TreeMap<>();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.getSource().orElse(null) instanceof MethodSource method) {
                    results.put(method.getMethodName(), result);
                }
            }
        });
        long passed = results.values().stream().filter(r -> r.getStatus() == TestExecutionResult.Status.SUCCESSFUL).count();
        System.out.printf("%s, %s%s: %d checks, %d passed, %d failed%n", exercise.words(), subject.label(),
                guard ? ", session guard on" : "", results.size(), passed, results.size() - passed);
        return results;
    }
}

package dev.sharedsession.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sharedsession.database.Database;
import dev.sharedsession.database.Engine;
import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * expected words, on this database), against the solution, where every check must pass, and
 * against each plausible wrong fix kept beside the check ({@link WrongFix}), where the check
 * must say FAIL. Every check runs under the session guard.
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
                        assertFailsAsAnnotated(exercise)));
    }

    @TestFactory
    @DisplayName("every solution passes its checks")
    Stream<DynamicTest> everySolutionPassesItsChecks() {
        return ExerciseArguments.EXERCISES.stream().map(exercise -> DynamicTest.dynamicTest(
                exercise.words() + "'s solution passes its checks", () -> assertPasses(exercise)));
    }

    @TestFactory
    @DisplayName("every exercise has a wrong fix kept beside its check, and the check says FAIL on each, at the check that catches it")
    Stream<DynamicTest> everyWrongFixFails() {
        return ExerciseArguments.EXERCISES.stream().flatMap(exercise -> {
            List<Class<?>> wrongFixes = wrongFixes(exercise);
            Stream<DynamicTest> some = Stream.of(DynamicTest.dynamicTest(exercise.words() + " has a wrong fix to prove its check on",
                    () -> assertThat(wrongFixes).as("wrong fixes of " + exercise.words() + " in " + wrongFixPackage(exercise)).isNotEmpty()));
            return Stream.concat(some, wrongFixes.stream().map(wrongFix -> DynamicTest.dynamicTest(
                    exercise.words() + ", wrong fix " + wrongFix.getSimpleName() + " (" + wrongFix.getAnnotation(WrongFix.class).is()
                            + "): the check says FAIL", () -> assertWrongFixFails(exercise, wrongFix))));
        });
    }

    /** Runs the starting point and holds every check to what its annotation says. */
    private static void assertFailsAsAnnotated(Exercise exercise) throws ClassNotFoundException {
        Map<String, TestExecutionResult> results = runCheck(exercise, Subject.STARTING_POINT, null);
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
            String words = expectedWords(says);
            if (words.isEmpty()) {
                assertThat(says.mayPass()).as(method.getName() + ": a check that need not fail says why (mayPass)").isNotBlank();
                continue;
            }
            assertThat(failure).as(exercise.words() + "'s starting point, " + method.getName())
                    .isPresent();
            assertThat(ExerciseCheck.oneParagraph(failure.get())).as(exercise.words() + ", " + method.getName() + ": the report")
                    .contains(words);
        }
        if (!anyFailed) {
            fail(exercise.words() + "'s starting point now passes its check — you solved it; "
                    + "`git stash` or `git checkout workshop/` restores the starting point");
        }
    }

    /** What the check must report: this database's words, or the common ones. */
    private static String expectedWords(OnTheStartingPoint says) {
        if (ENGINE == Engine.POSTGRESQL && !says.failsOnPostgresql().isEmpty()) {
            return says.failsOnPostgresql();
        }
        if (ENGINE == Engine.MARIADB && !says.failsOnMariadb().isEmpty()) {
            return says.failsOnMariadb();
        }
        return says.fails();
    }

    private static void assertPasses(Exercise exercise) {
        Map<String, TestExecutionResult> results = runCheck(exercise, Subject.SOLUTION, null);
        assertThat(results).as("checks found in " + exercise.checkClass()).isNotEmpty();
        List<String> failures = new ArrayList<>();
        results.forEach((check, result) -> result.getThrowable()
                .ifPresent(failure -> failures.add(check + ": " + ExerciseCheck.oneParagraph(failure))));
        assertThat(failures).as(exercise.words() + "'s solution: failed checks").isEmpty();
        assertThat(results.values()).as(exercise.words() + "'s solution: how its checks ended")
                .allMatch(result -> result.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
    }

    /**
     * Runs the check against the wrong fix, with a report as {@code ./exercise check} writes it:
     * the verdict must be FAIL, and the check the wrong fix names must fail on an assertion
     * saying what it says.
     */
    private static void assertWrongFixFails(Exercise exercise, Class<?> wrongFix) throws IOException {
        WrongFix says = wrongFix.getAnnotation(WrongFix.class);
        Path report = Files.createTempFile("exercise-" + exercise.id() + "-" + wrongFix.getSimpleName(), ".txt");
        try {
            Map<String, TestExecutionResult> results = runCheck(exercise, Subject.wrongFix(wrongFix), report);
            assertThat(Files.readString(report)).as(exercise.words() + " against the wrong fix " + wrongFix.getSimpleName() + ": the verdict")
                    .startsWith("FAIL: ");
            TestExecutionResult caught = results.get(says.caughtBy());
            assertThat(caught).as(exercise.checkClass() + "." + says.caughtBy() + " ran").isNotNull();
            Optional<Throwable> failure = caught.getThrowable();
            assertThat(failure).as(wrongFix.getSimpleName() + " fails " + says.caughtBy()).isPresent();
            assertThat(failure.get()).as(wrongFix.getSimpleName() + " fails " + says.caughtBy() + " on an assertion, not by crashing the check")
                    .isInstanceOf(AssertionError.class);
            assertThat(ExerciseCheck.oneParagraph(failure.get())).as(wrongFix.getSimpleName() + ", " + says.caughtBy() + ": the report")
                    .contains(says.fails());
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** The exercise's package, where its check lives, and {@code wrongfix} under it. */
    private static String wrongFixPackage(Exercise exercise) {
        String check = exercise.checkClass();
        return check.substring(0, check.lastIndexOf('.')) + ".wrongfix";
    }

    /** The {@link WrongFix} classes of the exercise's {@code wrongfix} package, read from the test classes' folder. */
    private static List<Class<?>> wrongFixes(Exercise exercise) {
        String folder = wrongFixPackage(exercise).replace('.', '/');
        URL found = ExercisesProveThemselvesTest.class.getClassLoader().getResource(folder);
        if (found == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(found.toURI()))) {
            List<Class<?>> wrongFixes = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName(wrongFixPackage(exercise) + "." + name.substring(0, name.length() - ".class".length()));
                    if (type.isAnnotationPresent(WrongFix.class)) {
                        wrongFixes.add(type);
                    }
                }
            }
            return wrongFixes;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the wrong fixes in " + found, e);
        }
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

    /**
     * Runs one exercise's check class against {@code subject}, in this JVM, writing its report to
     * {@code report} if not null: how each check method ended, by name.
     */
    private static Map<String, TestExecutionResult> runCheck(Exercise exercise, Subject subject, Path report) {
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(exercise.checkClass()))
                .configurationParameter(Subject.PARAMETER, subject.label());
        if (report != null) {
            builder.configurationParameter(ExerciseCheck.REPORT, report.toString());
        }
        LauncherDiscoveryRequest request = builder.build();
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
        System.out.printf("%s, %s: %d checks, %d passed, %d failed%n", exercise.words(), subject.label(),
                results.size(), passed, results.size() - passed);
        return results;
    }
}

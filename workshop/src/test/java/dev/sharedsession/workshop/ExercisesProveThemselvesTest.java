package dev.sharedsession.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.launcher.listeners.TestExecutionSummary.Failure;

/**
 * The workshop proves itself in {@code ./mvnw verify}: every exercise's check (an
 * {@code ExerciseNNCheck}, which surefire does not pick up by itself) is run here through the
 * JUnit Platform launcher twice, against the starting point, where it must fail on an
 * assertion (not on a setup error), and against the solution, where every check must pass.
 */
@DisplayName("The workshop's exercises prove themselves")
class ExercisesProveThemselvesTest {

    @TestFactory
    @DisplayName("every starting point fails its check on an assertion")
    Stream<DynamicTest> everyStartingPointFailsItsCheck() {
        return ExerciseArguments.EXERCISES.stream().map(exercise -> DynamicTest.dynamicTest(
                "exercise " + exercise.number() + "'s starting point fails its check", () -> {
                    TestExecutionSummary summary = runCheck(exercise, Subject.STARTING_POINT);
                    assertThat(summary.getTestsFoundCount()).as("checks found in " + exercise.checkClass()).isPositive();
                    if (summary.getTotalFailureCount() == 0) {
                        fail("exercise " + exercise.number() + "'s starting point now passes its check — you solved it; "
                                + "`git stash` or `git checkout workshop/` restores the starting point");
                    }
                    for (Failure failure : summary.getFailures()) {
                        if (!(failure.getException() instanceof AssertionError)) {
                            fail("exercise " + exercise.number() + "'s starting point fails its check for the wrong reason: "
                                    + failure.getTestIdentifier().getDisplayName() + " threw " + failure.getException());
                        }
                    }
                }));
    }

    @TestFactory
    @DisplayName("every solution passes its check")
    Stream<DynamicTest> everySolutionPassesItsCheck() {
        return ExerciseArguments.EXERCISES.stream().map(exercise -> DynamicTest.dynamicTest(
                "exercise " + exercise.number() + "'s solution passes its check", () -> {
                    TestExecutionSummary summary = runCheck(exercise, Subject.SOLUTION);
                    assertThat(summary.getTestsFoundCount()).as("checks found in " + exercise.checkClass()).isPositive();
                    List<String> failures = summary.getFailures().stream()
                            .map(f -> f.getTestIdentifier().getDisplayName() + ": " + ExerciseCheck.oneParagraph(f.getException()))
                            .toList();
                    assertThat(failures).as("exercise " + exercise.number() + "'s solution: failed checks").isEmpty();
                    assertThat(summary.getTestsSucceededCount()).as("exercise " + exercise.number() + "'s solution: checks passed")
                            .isEqualTo(summary.getTestsFoundCount());
                }));
    }

    /** Runs one exercise's check class against {@code subject}, in this JVM, and sums up what happened. */
    private static TestExecutionSummary runCheck(Exercise exercise, Subject subject) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(exercise.checkClass()))
                .configurationParameter(Subject.PARAMETER, subject.label())
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        System.out.printf("exercise %d, %s: %d checks, %d passed, %d failed%n", exercise.number(), subject.label(),
                summary.getTestsFoundCount(), summary.getTestsSucceededCount(), summary.getTotalFailureCount());
        return summary;
    }
}

package dev.sharedsession.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Stage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A run of ./lab is over only when every thread it started is over")
class ScenarioRunTest {

    /** A run that judges itself before its second thread is done, as a run does at its first failure. */
    private static final class JudgesEarly implements ScenarioRun {
        final CountDownLatch judged = new CountDownLatch(1);
        final AtomicBoolean stragglerEnded = new AtomicBoolean();

        private Outcome judgeEarly(Stage stage) {
            stage.run("straggler", () -> {
                judged.await();          // still running when the run has its outcome
                stragglerEnded.set(true);
            });
            judged.countDown();
            return Outcome.wrong("the first request failed");
        }

        @Override
        public Outcome forced(Stage stage) {
            return judgeEarly(stage);
        }

        @Override
        public Outcome natural(Stage stage, int threads) {
            return judgeEarly(stage);
        }
    }

    @Test
    @DisplayName("a natural run that judged itself early returns its outcome after its last thread ended, not before")
    void aNaturalRunWaitsForItsStragglers() throws Exception {
        JudgesEarly run = new JudgesEarly();
        try (Database db = PausePoints.testDatabase("scenario-run")) {
            Outcome outcome = run.naturalRun(2).runOnce(db);

            assertThat(outcome).isEqualTo(Outcome.wrong("the first request failed"));
            assertThat(run.stragglerEnded).as("the straggler ended within the run").isTrue();
        }
    }

    @Test
    @DisplayName("a forced run that judged itself early returns its outcome after its last thread ended, not before")
    void aForcedRunWaitsForItsStragglers() throws Exception {
        JudgesEarly run = new JudgesEarly();
        try (Database db = PausePoints.testDatabase("scenario-run")) {
            Outcome outcome = run.forcedRun().runOnce(db);

            assertThat(outcome).isEqualTo(Outcome.wrong("the first request failed"));
            assertThat(run.stragglerEnded).as("the straggler ended within the run").isTrue();
        }
    }
}

package dev.sharedsession.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.sharedsession.database.Database;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("A run of ./lab is over only when every thread it started is over")
class ScenarioRunTest {

    private static final String STRAGGLER = "straggler";

    /**
     * Counted down when the stage says it waits for the straggler (its debug line, written just
     * before it waits): the one moment that tells "the run waits for it" from "the run is gone".
     */
    private final CountDownLatch waitedFor = new CountDownLatch(1);
    private final Logger stageLog = (Logger) LoggerFactory.getLogger(Stage.class);
    private final AppenderBase<ILoggingEvent> heard = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().contains(STRAGGLER)) {
                waitedFor.countDown();
            }
        }
    };
    private Level levelBefore;

    @BeforeEach
    void listenToTheStage() {
        heard.start();
        stageLog.addAppender(heard);
        levelBefore = stageLog.getLevel();
        stageLog.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stopListening() {
        stageLog.setLevel(levelBefore);
        stageLog.detachAppender(heard);
        heard.stop();
    }

    /**
     * A run that judges itself while its second thread still runs, as a run does at its first
     * failure. The straggler can end only once the run waits for it: a run that returned without
     * waiting closes its stage on it, which interrupts it, and it never ends normally.
     */
    private final class JudgesEarly implements ScenarioRun {
        final AtomicBoolean stragglerEnded = new AtomicBoolean();

        private Outcome judgeEarly(Stage stage) {
            stage.run(STRAGGLER, () -> {
                if (waitedFor.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    stragglerEnded.set(true);
                }
            });
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

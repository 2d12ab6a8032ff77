package dev.sharedsession.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.sharedsession.database.Database;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("A stage holds one forced run's threads and executors and closes them together")
class StageTest {

    @Test
    @DisplayName("threads started on a stage carry their names; its pause points are its database's")
    void threadsAreNamedAndPausePointsAreTheDatabases() {
        try (Database db = PausePoints.openDatabase(Database.Settings.h2InMemory("stage-names"));
             Stage stage = new Stage(db)) {
            assertThat(stage.start("Alice", () -> Thread.currentThread().getName()).join()).isEqualTo("Alice");
            assertThat(stage.pauses()).isSameAs(PausePoints.of(db));
        }
    }

    @Test
    @DisplayName("closing the stage shuts its executors down: nothing can be handed to them afterwards")
    void closingShutsItsExecutorsDown() {
        try (Database db = PausePoints.openDatabase(Database.Settings.h2InMemory("stage-close"))) {
            Stage stage = new Stage(db);
            GatedExecutor background = stage.running("background-worker", 1);
            assertThat(CompletableFuture.supplyAsync(() -> "ran", background)).succeedsWithin(Race.TIMEOUT).isEqualTo("ran");

            stage.close();

            assertThatThrownBy(() -> background.execute(() -> { }))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        }
    }

    @Test
    @DisplayName("a run ends with its executors' tasks: endedWithItsThreads hands back the outcome only after a task still running has ended")
    void aRunEndsWithItsExecutorsTasks() {
        // The task can end only once the stage says it waits for its executor (the stage's debug
        // line, written just before it waits): a stage that did not wait leaves it blocked.
        CountDownLatch waitedFor = new CountDownLatch(1);
        AtomicBoolean taskEnded = new AtomicBoolean();
        Logger stageLog = (Logger) LoggerFactory.getLogger(Stage.class);
        AppenderBase<ILoggingEvent> heard = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("'background-worker'")) {
                    waitedFor.countDown();
                }
            }
        };
        Level levelBefore = stageLog.getLevel();
        heard.start();
        stageLog.addAppender(heard);
        stageLog.setLevel(Level.DEBUG);
        try (Database db = PausePoints.openDatabase(Database.Settings.h2InMemory("stage-tasks"));
             Stage stage = new Stage(db)) {
            stage.running("background-worker", 1).execute(() -> {
                try {
                    taskEnded.set(waitedFor.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the stage closed on it: it never ended normally
                }
            });

            assertThat(stage.endedWithItsThreads(Outcome.wrong("the request failed"))).isEqualTo(Outcome.wrong("the request failed"));
            assertThat(taskEnded).as("the task ended within the run").isTrue();
        } finally {
            stageLog.setLevel(levelBefore);
            stageLog.detachAppender(heard);
            heard.stop();
        }
    }

    @Test
    @DisplayName("a database opened without pause points says how to get them")
    void aPlainDatabaseHasNoPausePoints() {
        try (Database db = Database.open(Database.Settings.h2InMemory("stage-plain"))) {
            assertThatThrownBy(() -> PausePoints.of(db)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("this database has no pause points: open it with PausePoints.openDatabase(settings)");
        }
    }
}

package dev.sharedsession.common.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
    @DisplayName("a database opened without pause points says how to get them")
    void aPlainDatabaseHasNoPausePoints() {
        try (Database db = Database.open(Database.Settings.h2InMemory("stage-plain"))) {
            assertThatThrownBy(() -> PausePoints.of(db)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("this database has no pause points: open it with PausePoints.openDatabase(settings)");
        }
    }
}

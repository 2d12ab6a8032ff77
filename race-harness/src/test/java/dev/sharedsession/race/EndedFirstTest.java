package dev.sharedsession.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Counter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A forced run waits for a thread to reach its pause point or gap. When that thread ends first
 * (stopped on purpose, as the session guard stops a thread at its first call on someone else's
 * Session, or for any other reason), it will never get there, and the wait fails at once with
 * how the thread ended. The pauses here would wait five minutes: a wait that ran into its
 * timeout would fail with a {@link RaceTimeoutException} instead, so each assertion on the
 * exception's type proves the wait ended early.
 */
@DisplayName("A wait for a thread that has already ended fails at once, with how it ended")
class EndedFirstTest {

    private static final Duration LONG = Duration.ofMinutes(5);
    private static final String INSERT = "insert into Counter";

    private final Database db = PausePoints.openDatabase(Database.Settings.h2InMemory("ended-first"), LONG);

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private void insertCounter(String label) {
        db.sessionFactory().inTransaction(session -> session.persist(new Counter(label)));
    }

    @Test
    @DisplayName("Alice fails before her INSERT: waiting for her pause fails at once, her failure as the cause and as the run's outcome")
    void aPauseWhoseThreadFailedFirst() {
        IllegalStateException refused = new IllegalStateException("refused before her insert");
        try (Stage stage = new Stage(db)) {
            Pause beforeInsert = stage.beforeStatement("Alice", INSERT);
            Actor<Void> alice = stage.run("Alice", () -> {
                throw refused;
            });

            Throwable ended = catchThrowable(beforeInsert::awaitReached);

            assertThat(ended).isInstanceOf(EndedFirstException.class)
                    .hasMessage("pause of 'Alice' before SQL 'insert into Counter': never reached:"
                            + " 'Alice' ended first, with IllegalStateException: refused before her insert")
                    .hasCause(refused);
            assertThat(ended.getCause()).isSameAs(alice.failure());
            Outcome outcome = Outcome.failed(ended);
            assertThat(outcome.failure()).isSameAs(refused);
            assertThat(outcome).isEqualTo(Outcome.failed(refused));
            assertThat(beforeInsert.wasReached()).isFalse();
        }
    }

    @Test
    @DisplayName("Alice ends normally without an INSERT: waiting for her pause fails at once, saying she ended normally")
    void aPauseWhoseThreadEndedNormally() {
        try (Stage stage = new Stage(db)) {
            Pause beforeInsert = stage.beforeStatement("Alice", INSERT);
            stage.run("Alice", () -> db.countRows("Counter")).join();

            assertThat(catchThrowable(beforeInsert::awaitReached)).isInstanceOf(EndedFirstException.class)
                    .hasMessage("pause of 'Alice' before SQL 'insert into Counter': never reached: 'Alice' ended first, normally")
                    .hasNoCause();
        }
    }

    @Test
    @DisplayName("a pause armed after an earlier Alice ended is not spent by her: the next Alice stops there")
    void onlyAThreadStartedAfterThePauseWasArmedCounts() {
        try (Stage stage = new Stage(db)) {
            stage.run("Alice", () -> db.countRows("Counter")).join();
            Pause beforeInsert = stage.beforeStatement("Alice", INSERT);
            Actor<Void> alice = stage.run("Alice", () -> insertCounter("visits"));

            beforeInsert.awaitReached();
            assertThat(db.countRows("Counter")).isZero();
            beforeInsert.release();
            alice.join();
        }
        assertThat(db.countRows("Counter")).isEqualTo(1);
    }

    @Test
    @DisplayName("a task of the stage's executor ends without its INSERT: waiting for the worker's pause fails at once")
    void aPauseWhoseExecutorTaskEnded() {
        try (Stage stage = new Stage(db)) {
            Pause workerInserting = stage.beforeStatement("background-worker", INSERT);
            GatedExecutor background = stage.running("background-worker", 1);
            CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
                throw new IllegalStateException("the task gave up");
            }, background);

            // The executor cannot see inside a CompletableFuture: it knows the task ended, not how.
            assertThat(catchThrowable(workerInserting::awaitReached)).isInstanceOf(EndedFirstException.class)
                    .hasMessage("pause of 'background-worker' before SQL 'insert into Counter': never reached:"
                            + " a task on 'background-worker' ended first");
            assertThat(task).isCompletedExceptionally();
        }
    }

    @Test
    @DisplayName("a gap the stage made for Alice: she fails before it, and waiting for the gap fails at once")
    void aGapWhoseThreadFailedFirst() {
        try (Stage stage = new Stage(db)) {
            Gap aliceBetweenSteps = stage.gap("Alice");
            stage.run("Alice", () -> {
                throw new IllegalStateException("refused at her first step");
            });

            assertThat(catchThrowable(aliceBetweenSteps::awaitReached)).isInstanceOf(EndedFirstException.class)
                    .hasMessage("the gap for 'Alice': never reached: 'Alice' ended first, with IllegalStateException:"
                            + " refused at her first step")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    @DisplayName("a gap the stage made for Alice: she passes it and then ends, and the gap was reached all the same")
    void aGapPassedThenEnded() {
        try (Stage stage = new Stage(db)) {
            Gap aliceBetweenSteps = stage.gap("Alice");
            aliceBetweenSteps.release(); // released in advance: she passes without stopping
            stage.run("Alice", aliceBetweenSteps::pass).join();

            assertThat(aliceBetweenSteps.awaitReached()).isSameAs(aliceBetweenSteps);
        }
    }

    @Test
    @DisplayName("a run's own wait for an actor that has ended says the same, through EndedFirstException.of")
    void aRunsOwnWait() {
        try (Stage stage = new Stage(db)) {
            Actor<Void> alice = stage.run("Alice", () -> {
                throw new IllegalStateException("refused");
            });
            alice.failure();

            assertThat(EndedFirstException.of("Alice's lock wait", alice))
                    .hasMessage("Alice's lock wait: never reached: 'Alice' ended first, with IllegalStateException: refused")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }
}

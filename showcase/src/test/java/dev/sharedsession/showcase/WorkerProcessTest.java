package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.race.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A worker JVM")
class WorkerProcessTest {

    private static final Duration LIMIT = Duration.ofSeconds(2);
    // Killing the JVM and reaping it takes a moment, more on a busy machine; still well short of a second limit.
    private static final Duration MARGIN = Duration.ofSeconds(5);

    @Test
    @DisplayName("is killed when a run spins past its limit: the run counts as HANG, within the limit and a small margin, and the next run gets a fresh worker")
    void stuckRunIsCutOff() throws Exception {
        LabArguments arguments = LabArguments.parse("--extra-scenario", StuckScenario.class.getName(), StuckScenario.NUMBER);
        ScenarioPair stuck = arguments.selected().get(0);
        ScenarioPair swallowed = Catalogue.find(Catalogue.ALL, "10").orElseThrow();
        try (WorkerProcess worker = new WorkerProcess(Lab.launch(arguments), Side.BROKEN)) {
            Outcome hung = worker.run(stuck, LabArguments.Mode.natural, 0, LIMIT);

            assertThat(hung).isEqualTo(Outcome.hang("the run"));
            assertThat(worker.lastRunTook()).isGreaterThanOrEqualTo(LIMIT).isLessThan(LIMIT.plus(MARGIN));
            assertThat(worker.started()).isEqualTo(1);

            Outcome next = worker.run(swallowed, LabArguments.Mode.natural, 0, Duration.ofSeconds(30));
            assertThat(next.label()).doesNotStartWith("HANG");
            assertThat(worker.started()).isEqualTo(2);
        }
    }
}

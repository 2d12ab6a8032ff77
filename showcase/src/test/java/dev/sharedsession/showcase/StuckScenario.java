package dev.sharedsession.showcase;

import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.ScenarioRun;
import java.util.function.Supplier;

/**
 * Test only ({@code --extra-scenario}): scenario 99, whose broken side never finishes and
 * ignores interrupts, like a thread spinning inside the database on a shared Session. Only
 * killing its JVM stops it. Its safe side finishes at once.
 */
public final class StuckScenario implements Supplier<ScenarioPair> {

    static final String NUMBER = "99";

    @Override
    public ScenarioPair get() {
        return new ScenarioPair(99, "stuck", "Never ends (test only)", Part.ONE_SESSION_ON_TWO_THREADS, ScenarioPair.FIXED_CAST,
                ScenarioPair.ONE_SESSION_SHARED, ScenarioPair.A_SESSION_PER_UNIT_OF_WORK, new Stuck(), new Finishes());
    }

    /** Spins forever, forced or not. */
    private static final class Stuck implements ScenarioRun {
        @Override
        public Outcome forced(Stage stage) {
            return spinForever();
        }

        @Override
        public Outcome natural(Stage stage, int threads) {
            return spinForever();
        }
    }

    /** Ok at once, forced or not. */
    private static final class Finishes implements ScenarioRun {
        @Override
        public Outcome forced(Stage stage) {
            return Outcome.ok();
        }

        @Override
        public Outcome natural(Stage stage, int threads) {
            return Outcome.ok();
        }
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static Outcome spinForever() {
        while (true) {
            Thread.onSpinWait(); // no interrupt check: an interrupt cannot end this run
        }
    }
}

package dev.sharedsession.runs;

import dev.sharedsession.race.NaturalRun;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;

/**
 * How {@code ./lab} drives one side of one scenario, and all it needs to know: the scenario's
 * headline interleaving made to happen ({@link #forced}), or real threads left to the scheduler
 * ({@link #natural}); either way judged into an {@link Outcome} (ok, or what went wrong).
 *
 * <p>Each scenario's runs are written once, in its {@code RunsNN_...} class of this module,
 * against a small interface that both sides' lesson classes fit; each side binds it to its
 * lesson class once, in that side's {@code Bindings}, which the showcase and that side's headline
 * tests both use, so {@code ./lab --mode forced} and that test run the very same choreography
 * (scenario 10's headline tests bind it again, over a pool they inspect).
 */
public interface ScenarioRun {

    /** The headline interleaving, forced with the stage's pause points and executors, judged. */
    Outcome forced(Stage stage) throws Exception;

    /**
     * One natural run with {@code threads} threads (a scenario with a fixed cast ignores it):
     * nothing forced, judged by what it left in the database.
     */
    Outcome natural(Stage stage, int threads) throws Exception;

    /**
     * {@link #forced} on a stage of its own over {@code db}, as a {@link NaturalRun}; the run
     * ends with its threads ({@link Stage#endedWithItsThreads}).
     */
    default NaturalRun forcedRun() {
        return db -> {
            try (Stage stage = new Stage(db)) {
                return stage.endedWithItsThreads(forced(stage));
            }
        };
    }

    /** {@link #natural} on a stage of its own over {@code db}, as a {@link NaturalRun}; the same. */
    default NaturalRun naturalRun(int threads) {
        return db -> {
            try (Stage stage = new Stage(db)) {
                return stage.endedWithItsThreads(natural(stage, threads));
            }
        };
    }
}

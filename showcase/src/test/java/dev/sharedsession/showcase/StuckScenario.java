package dev.sharedsession.showcase;

import dev.sharedsession.common.race.Outcome;
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
        return new ScenarioPair(99, "stuck", "Never ends (test only)", ScenarioPair.FIXED_CAST,
                (db, threads) -> spinForever(), (db, threads) -> Outcome.ok(), null, null);
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static Outcome spinForever() {
        while (true) {
            Thread.onSpinWait(); // no interrupt check: an interrupt cannot end this run
        }
    }
}

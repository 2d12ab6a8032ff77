package dev.sharedsession.showcase;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.race.NaturalRun;
import dev.sharedsession.common.race.Outcome;

/**
 * One scenario, both sides, each runnable two ways: naturally (real threads, whatever the
 * scheduler does) and forced (the headline interleaving, made to happen with pause points).
 *
 * @param number         the scenario's number, as in the class names ({@code Scenario04_...})
 * @param name           a short name to select it by ({@code ./lab background-task})
 * @param title          one line saying what the scenario is about
 * @param defaultThreads how many threads a natural run uses unless {@code --threads} says
 *                       otherwise; {@link #FIXED_CAST} if its cast of threads is fixed
 *                       (then {@code --threads} does not apply to it)
 * @param brokenNatural  a natural run of the broken side (one Session shared)
 * @param safeNatural    the same on the safe side (a Session per unit of work)
 * @param brokenForced   the forced run of the broken side, or {@code null} where there is none yet
 * @param safeForced     the same on the safe side
 */
record ScenarioPair(int number, String name, String title, int defaultThreads,
                    NaturalScenario brokenNatural, NaturalScenario safeNatural,
                    NaturalRun brokenForced, NaturalRun safeForced) {

    /** {@link #defaultThreads()} of a scenario whose cast of threads is fixed. */
    static final int FIXED_CAST = 0;

    boolean threadsApply() {
        return defaultThreads != FIXED_CAST;
    }

    boolean hasForced() {
        return brokenForced != null && safeForced != null;
    }

    NaturalScenario natural(Side side) {
        return side == Side.BROKEN ? brokenNatural : safeNatural;
    }

    NaturalRun forced(Side side) {
        return side == Side.BROKEN ? brokenForced : safeForced;
    }

    /** One natural run with a given number of threads (ignored by a scenario with a fixed cast). */
    @FunctionalInterface
    interface NaturalScenario {
        Outcome runOnce(Database db, int threads) throws Exception;
    }
}

package dev.sharedsession.showcase;

import dev.sharedsession.runs.ScenarioRun;

/**
 * One scenario, both sides, each runnable two ways: naturally (real threads, whatever the
 * scheduler does) and forced (the headline interleaving, made to happen with pause points).
 *
 * @param number         the scenario's number, as in the class names ({@code Scenario04_...})
 * @param name           a short name to select it by ({@code ./lab background-task})
 * @param title          one line saying what the scenario is about
 * @param part           the part of the catalogue it belongs to: one Session on two threads, or a
 *                       pitfall on the way to a Session per thread
 * @param defaultThreads how many threads a natural run uses unless {@code --threads} says
 *                       otherwise; {@link #FIXED_CAST} if its cast of threads is fixed
 *                       (then {@code --threads} does not apply to it)
 * @param brokenDoes     what the broken side's runs really do, in a few words ("one Session shared")
 * @param safeDoes       the same for the safe side ("a Session per unit of work")
 * @param broken         the broken side's runs
 * @param safe           the safe side's runs
 */
record ScenarioPair(int number, String name, String title, Part part, int defaultThreads,
                    String brokenDoes, String safeDoes, ScenarioRun broken, ScenarioRun safe) {

    /** {@link #defaultThreads()} of a scenario whose cast of threads is fixed. */
    static final int FIXED_CAST = 0;

    /** What the sides of most scenarios of {@link Part#ONE_SESSION_ON_TWO_THREADS} do. */
    static final String ONE_SESSION_SHARED = "one Session shared";
    static final String A_SESSION_PER_UNIT_OF_WORK = "a Session per unit of work";

    boolean threadsApply() {
        return defaultThreads != FIXED_CAST;
    }

    ScenarioRun run(Side side) {
        return side.lesson() == Side.BROKEN ? broken : safe;
    }

    String does(Side side) {
        return side.lesson() == Side.BROKEN ? brokenDoes : safeDoes;
    }
}

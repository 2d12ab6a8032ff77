package dev.sharedsession.showcase;

import dev.sharedsession.common.race.NaturalRun;

/** One scenario: the broken side and the safe side, run the same way. */
record ScenarioPair(int number, String title, NaturalRun broken, NaturalRun safe) {
}

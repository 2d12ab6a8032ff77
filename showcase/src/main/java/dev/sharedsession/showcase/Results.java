package dev.sharedsession.showcase;

import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.List;

/** What a {@code ./lab} run found: each scenario's two tallies, and how it was run. */
record Results(List<ScenarioResult> scenarios, LabArguments arguments, Duration elapsed, int workerJvms) {

    /** One scenario's outcomes on each side. */
    record ScenarioResult(ScenarioPair scenario, Tally broken, Tally safe) {
        Tally of(Side side) {
            return side == Side.BROKEN ? broken : safe;
        }
    }

    /** All runs of one side added up. */
    Tally total(Side side) {
        Tally total = new Tally();
        for (ScenarioResult result : scenarios) {
            result.of(side).outcomes().forEach((outcome, count) -> {
                for (int i = 0; i < count; i++) {
                    total.add(outcome);
                }
            });
        }
        return total;
    }

    /** How many scenarios went wrong at least once on {@code side}. */
    long scenariosWentWrong(Side side) {
        return scenarios.stream().filter(r -> r.of(side).wentWrong() > 0).count();
    }

    /** HANG outcomes of one side, the runs that had to be cut off. */
    int hangs(Side side) {
        int hangs = 0;
        for (ScenarioResult result : scenarios) {
            for (var entry : result.of(side).outcomes().entrySet()) {
                if (isHang(entry.getKey())) {
                    hangs += entry.getValue();
                }
            }
        }
        return hangs;
    }

    static boolean isHang(Outcome outcome) {
        return outcome.label().startsWith("HANG");
    }

    /** The one line that sums the run up. */
    String verdict() {
        Tally broken = total(Side.BROKEN);
        Tally safe = total(Side.SAFE);
        if (safe.wentWrong() > 0) {
            return String.format("Verdict: the safe side went wrong in %d of %d runs. That is a bug in the fix: please report it.",
                    safe.wentWrong(), safe.runs());
        }
        if (broken.wentWrong() == 0) {
            return String.format("Verdict: this time the broken side got away with it in all %d runs (a race shows up by chance): "
                    + "try more runs, e.g. --runs 50. The safe side never went wrong (%d runs).", broken.runs(), safe.runs());
        }
        return String.format("Verdict: the broken side went wrong in %d of %d scenarios (%d of %d runs); "
                        + "the safe side never did (0 of %d runs).",
                scenariosWentWrong(Side.BROKEN), scenarios.size(), broken.wentWrong(), broken.runs(), safe.runs());
    }
}

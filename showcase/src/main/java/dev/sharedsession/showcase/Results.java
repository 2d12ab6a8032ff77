package dev.sharedsession.showcase;

import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Tally;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What a {@code ./lab} run found: each scenario's tallies, one per side, and how it was run. */
record Results(List<ScenarioResult> scenarios, LabArguments arguments, Duration elapsed, int workerJvms) {

    /** What a row of the guarded side says when a row changed after the guard stepped in (see {@link GuardWatch}). */
    static final String CHANGED_AFTER_A_STOP = "a row changed after the guard stopped ";
    /** How a guarded run's label begins when it went wrong in a run the guard stepped into as well. */
    static final String WRONG_AFTER_A_STOP = "the guard stopped ";

    /**
     * One scenario's outcomes on each side.
     *
     * @param guarded the broken side's runs under the session guard ({@code --guard}), or {@code null}
     */
    record ScenarioResult(ScenarioPair scenario, Tally broken, Tally safe, Tally guarded) {

        /** Without the guarded side. */
        ScenarioResult(ScenarioPair scenario, Tally broken, Tally safe) {
            this(scenario, broken, safe, null);
        }

        Tally of(Side side) {
            return switch (side) {
                case BROKEN -> broken;
                case SAFE -> safe;
                case GUARDED -> guarded == null ? new Tally() : guarded;
            };
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
        return count(side, Results::isHang);
    }

    /** Runs of {@code side} whose outcome is {@code which}. */
    private int count(Side side, Predicate<Outcome> which) {
        int count = 0;
        for (ScenarioResult result : scenarios) {
            for (var entry : result.of(side).outcomes().entrySet()) {
                if (which.test(entry.getKey())) {
                    count += entry.getValue();
                }
            }
        }
        return count;
    }

    static boolean isHang(Outcome outcome) {
        return outcome.label().startsWith("HANG");
    }

    /** Whether the guarded side ran ({@code --guard}). */
    boolean guarded() {
        return arguments.guard;
    }

    /** The parts of the catalogue that have a scenario in these results, in the catalogue's order. */
    List<Part> parts() {
        return Arrays.stream(Part.values()).filter(p -> scenarios.stream().anyMatch(r -> r.scenario().part() == p)).toList();
    }

    /** These results, but only {@code part}'s scenarios, in number order. */
    Results of(Part part) {
        return new Results(scenarios.stream().filter(r -> r.scenario().part() == part)
                .sorted(Comparator.comparingInt(r -> r.scenario().number())).toList(), arguments, elapsed, workerJvms);
    }

    /** The line that sums up one part of the run: its heading, then what its scenarios' runs did. */
    String verdict(Part part) {
        return part.heading() + ": " + of(part).verdictBody();
    }

    /**
     * The line that sums up every run, whatever its part (the JSON report's {@code verdict}; the
     * table and the Markdown report give one line per part, {@link #verdict(Part)}).
     */
    String verdict() {
        return "Verdict: " + verdictBody();
    }

    private String verdictBody() {
        Tally broken = total(Side.BROKEN);
        Tally safe = total(Side.SAFE);
        if (safe.wentWrong() > 0) {
            return String.format("the safe side went wrong in %d of %d runs. That is a bug in the fix: please report it.",
                    safe.wentWrong(), safe.runs());
        }
        if (broken.wentWrong() == 0) {
            return String.format("this time the broken side got away with it in all %d runs (a race shows up by chance): "
                    + "try more runs, e.g. --runs 50. The safe side never went wrong (%d runs).", broken.runs(), safe.runs());
        }
        return String.format("the broken side went wrong in %d of %d scenarios (%d of %d runs); "
                        + "the safe side never did (0 of %d runs).",
                scenariosWentWrong(Side.BROKEN), scenarios.size(), broken.wentWrong(), broken.runs(), safe.runs());
    }

    /** With {@code --guard}, the line that sums up one part's guarded runs ({@link #guardVerdict()}, for that part). */
    String guardVerdict(Part part) {
        return part.heading() + ", guard on: " + of(part).guardVerdictBody();
    }

    /**
     * With {@code --guard}, the line that sums up the guarded side, every number counted from its
     * runs: how many the guard stopped (each with every row as it was when it stepped in: see
     * {@link GuardWatch}), and how many went wrong all the same, in which scenarios.
     */
    String guardVerdict() {
        return "Guard on: " + guardVerdictBody();
    }

    private String guardVerdictBody() {
        Tally guarded = total(Side.GUARDED);
        StringBuilder line = new StringBuilder("the session guard ");
        if (guarded.stopped() == 0) {
            line.append(String.format("stopped none of the broken side's %d runs", guarded.runs()));
        } else {
            line.append(String.format("stopped the broken side in %d of %d runs (%s %s), every row as it was when it stepped in",
                    guarded.stopped(), guarded.runs(), plural(scenariosWhere(r -> r.guarded().stopped() > 0), "scenario"),
                    numbers(r -> r.guarded().stopped() > 0)));
        }
        if (guarded.wentWrong() == 0) {
            line.append("; none went wrong.");
        } else {
            line.append(String.format("; %d %s went wrong all the same (%s %s)", guarded.wentWrong(), guarded.wentWrong() == 1 ? "run" : "runs",
                    plural(scenariosWhere(r -> r.guarded().wentWrong() > 0), "scenario"), numbers(r -> r.guarded().wentWrong() > 0)));
            int despite = count(Side.GUARDED, o -> o.label().startsWith(WRONG_AFTER_A_STOP));
            if (despite > 0) {
                line.append(String.format(", in %d of them it had stopped a call too", despite));
            }
            int changed = count(Side.GUARDED, o -> o.label().startsWith(CHANGED_AFTER_A_STOP));
            line.append(changed == 0 ? "." : String.format(
                    ", %d of them with a row changed after the guard stepped in: a bug in the guard, please report it.", changed));
        }
        return line.toString();
    }

    private long scenariosWhere(Predicate<ScenarioResult> which) {
        return scenarios.stream().filter(which).count();
    }

    private String numbers(Predicate<ScenarioResult> which) {
        return scenarios.stream().filter(which).map(r -> String.valueOf(r.scenario().number())).collect(Collectors.joining(", "));
    }

    private static String plural(long count, String noun) {
        return count == 1 ? noun : noun + "s";
    }
}

package dev.sharedsession.showcase;

import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Tally;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several {@code ./lab} commands at once, in-process, with {@code ./lab}'s own code ({@link Lab#runAll}
 * and {@link Report}, as {@code ./lab} itself calls them), for a caller that checks quoted output
 * against the program (docs-check). Commands that differ only in the scenarios they select, or in
 * {@code --guard}, share one run (one set of worker JVMs), each then reported as its own command
 * would report it.
 */
public final class LabBatch {

    /** What each command printed, run once per LabBatch (a regeneration's check reuses it). */
    private final Map<List<String>, String> printed = new LinkedHashMap<>();

    /** Whether {@code ./lab args} prints the same every time (forced mode), timings and versions aside. */
    public boolean deterministic(List<String> args) {
        return LabArguments.parse(args.toArray(String[]::new)).mode == LabArguments.Mode.forced;
    }

    /**
     * What {@code ./lab} prints on stdout for each of these argument lists, run now (or earlier by
     * this LabBatch). Each must be a forced run with {@code --runs}.
     */
    public Map<List<String>, String> print(List<List<String>> commands) {
        List<List<String>> toRun = commands.stream().filter(c -> !printed.containsKey(c)).toList();
        printed.putAll(run(toRun));
        Map<List<String>, String> answer = new LinkedHashMap<>();
        commands.forEach(c -> answer.put(c, printed.get(c)));
        return answer;
    }

    private static Map<List<String>, String> run(List<List<String>> commands) {
        // Group by what decides a run (mode, runs, threads, run limit, database), and run the
        // union of each group's scenarios once.
        Map<String, List<List<String>>> groups = new LinkedHashMap<>();
        for (List<String> command : commands) {
            LabArguments arguments = LabArguments.parse(command.toArray(String[]::new));
            if (arguments.runs().isEmpty()) {
                throw new IllegalArgumentException("./lab " + String.join(" ", command)
                        + ": a quoted forced run needs --runs (a time budget makes its counts vary)");
            }
            groups.computeIfAbsent(runKey(arguments), k -> new ArrayList<>()).add(command);
        }
        Map<List<String>, String> printed = new LinkedHashMap<>();
        for (List<List<String>> group : groups.values()) {
            Set<ScenarioPair> union = new LinkedHashSet<>();
            for (List<String> command : group) {
                union.addAll(LabArguments.parse(command.toArray(String[]::new)).selected());
            }
            LabArguments first = LabArguments.parse(group.get(0).toArray(String[]::new));
            // --guard only adds a column: the broken and safe columns come from the same runs either way, so
            // one guarded run serves the group's commands with and without it (one pass of worker JVMs, not two).
            boolean guard = group.stream().anyMatch(c -> LabArguments.parse(c.toArray(String[]::new)).guard);
            List<String> unionArgs = new ArrayList<>();
            Catalogue.ALL.stream().filter(union::contains).forEach(s -> unionArgs.add(String.valueOf(s.number())));
            unionArgs.addAll(List.of("--mode", first.mode.name(), "--runs", String.valueOf(first.runs().get()),
                    "--run-limit", first.runLimit.toMillis() + "ms"));
            first.threads().ifPresent(t -> unionArgs.addAll(List.of("--threads", String.valueOf(t))));
            if (guard) {
                unionArgs.add("--guard");
            }
            if (first.dbUrl != null) {
                unionArgs.addAll(List.of("--db-url", first.dbUrl));
            }
            LabArguments unionArguments = LabArguments.parse(unionArgs.toArray(String[]::new));
            Results all;
            Timing timing = new Timing();
            try {
                all = Lab.runAll(unionArguments, Lab.launch(unionArguments), timing);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            for (List<String> command : group) {
                LabArguments arguments = LabArguments.parse(command.toArray(String[]::new));
                List<Results.ScenarioResult> own = all.scenarios().stream()
                        .filter(r -> arguments.selected().contains(r.scenario()))
                        .map(r -> arguments.guard ? r : new Results.ScenarioResult(r.scenario(), r.broken(), r.safe(), null))
                        .toList();
                int workerJvms = all.workerJvms() - (guard && !arguments.guard ? 1 : 0);
                // As long as this command alone would have taken: the workers' start, then its own scenarios.
                Duration elapsed = timing.startup;
                for (Results.ScenarioResult result : own) {
                    elapsed = elapsed.plus(timing.scenarios.getOrDefault(result.scenario(), Duration.ZERO));
                }
                printed.put(command, Report.render(new Results(own, arguments, elapsed, workerJvms), arguments.format));
            }
        }
        return printed;
    }

    /** What {@code ./lab args} would print, with made-up counts: its format only. */
    public String format(List<String> args) {
        LabArguments arguments = LabArguments.parse(args.toArray(String[]::new));
        List<Results.ScenarioResult> made = new ArrayList<>();
        for (ScenarioPair scenario : arguments.selected()) {
            Tally broken = new Tally();
            broken.add(Outcome.wrong("made up"));
            Tally safe = new Tally();
            safe.add(Outcome.ok());
            Tally guarded = null;
            if (arguments.guard) {
                guarded = new Tally();
                guarded.add(Outcome.stopped("made up"));
            }
            made.add(new Results.ScenarioResult(scenario, broken, safe, guarded));
        }
        return Report.render(new Results(made, arguments, Duration.ofMillis(1500), arguments.sides().size()), arguments.format);
    }

    /** Times a shared run: the worker JVMs' start, and each scenario (both sides). */
    private static final class Timing extends Progress {
        private final long begin = System.nanoTime();
        private long mark = begin;
        private Duration startup = Duration.ZERO;
        private final Map<ScenarioPair, Duration> scenarios = new LinkedHashMap<>();

        Timing() {
            super(new PrintStream(OutputStream.nullOutputStream()), false);
        }

        @Override
        void slice(ScenarioPair scenario, Side side, long startNanos, long endNanos) {
            super.slice(scenario, side, startNanos, endNanos);
            if (scenarios.isEmpty() && startup.isZero()) {
                startup = Duration.ofNanos(startNanos - begin);
                mark = startNanos;
            }
        }

        @Override
        void scenarioDone(Results.ScenarioResult result) {
            super.scenarioDone(result);
            long now = System.nanoTime();
            scenarios.put(result.scenario(), Duration.ofNanos(now - mark));
            mark = now;
        }
    }

    private static String runKey(LabArguments arguments) {
        return arguments.mode + "|" + arguments.runs() + "|" + arguments.threads() + "|" + arguments.runLimit + "|" + arguments.dbUrl;
    }
}

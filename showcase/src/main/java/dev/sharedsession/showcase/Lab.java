package dev.sharedsession.showcase;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Tally;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lab}: runs the scenarios on both sides and prints side by side how often each went
 * wrong. See {@code ./lab --help}, and {@link LabArguments} for the options.
 *
 * <p>Each side runs in a {@link Worker} JVM of its own ({@link WorkerProcess}): a shared
 * Session can leave a thread spinning inside the database forever, and only a process can be
 * stopped for good. The safe side goes the same way, so both sides are measured alike.
 */
public final class Lab {

    /** Fewest runs per scenario and side in a time budget, however tight. */
    static final int MIN_RUNS = 3;

    private Lab() {
    }

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = execute(args, System.out, System.err);
        } catch (RuntimeException bug) {
            System.err.println("lab: unexpected " + Outcome.describe(bug) + " (a bug in ./lab: please report it)");
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    /** Everything {@code main} does, but returning the exit code, for tests. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        LabArguments arguments;
        try {
            arguments = LabArguments.parse(args);
        } catch (LabArguments.UsageException e) {
            err.println("lab: " + e.getMessage());
            err.println("try ./lab --help");
            return 2;
        }
        if (arguments.helpRequested()) {
            arguments.commandLine().usage(out);
            return 0;
        }
        if (arguments.versionRequested()) {
            arguments.commandLine().printVersionHelp(out);
            return 0;
        }
        if (arguments.list) {
            printList(arguments.catalogue(), out);
            return 0;
        }
        try {
            // Both checked before the first run, so a typo costs a second, not a whole run.
            if (arguments.output != null) {
                checkWritable(arguments.output);
            }
            arguments.databaseLabel = describeDatabase(arguments);
            Results results = runAll(arguments, launch(arguments), new Progress(err, System.console() != null));
            String report = Report.render(results, arguments.format);
            if (arguments.output == null) {
                out.print(report);
                out.flush();
            } else {
                write(arguments.output, report);
                err.println("lab: wrote " + arguments.output);
            }
            return results.total(Side.SAFE).wentWrong() > 0 ? 3 : 0;
        } catch (DatabaseUnreachable e) {
            err.println("lab: " + e.getMessage());
            return 2;
        } catch (LabFailure e) {
            err.println("lab: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("lab: interrupted");
            return 1;
        }
    }

    /**
     * Runs every selected scenario, broken side then safe side. With a time budget, each
     * (scenario, side) gets an equal share of what is left, so a slow or stuck one early on
     * shortens the rest instead of the whole run overrunning; and {@link #MIN_RUNS} each, unless
     * that would take the run far past its budget.
     */
    static Results runAll(LabArguments arguments, WorkerProcess.Launch launch, Progress progress)
            throws InterruptedException {
        List<ScenarioPair> scenarios = arguments.selected();
        List<Side> sides = arguments.sides();
        long start = System.nanoTime();
        long deadline = start + arguments.budget().toNanos();
        long overtime = deadline + arguments.budget().toNanos() / 5;
        int slicesLeft = scenarios.size() * sides.size();
        progress.begin(slicesLeft);
        List<Results.ScenarioResult> done = new ArrayList<>();
        Map<Side, WorkerProcess> workers = new EnumMap<>(Side.class);
        try {
            for (Side side : sides) {
                workers.put(side, new WorkerProcess(launch, side));
            }
            if (!scenarios.isEmpty()) {
                // Every side's JVM starts, and bootstraps Hibernate, side by side before the first
                // run, so their start-up is not charged to the first scenario's broken side alone.
                progress.startingWorkers();
                for (Side side : sides) {
                    workers.get(side).prepare(scenarios.get(0));
                }
                for (Side side : sides) {
                    workers.get(side).awaitReady();
                }
            }
            for (ScenarioPair scenario : scenarios) {
                int threads = arguments.threads().filter(t -> scenario.threadsApply()).orElse(scenario.defaultThreads());
                Map<Side, Tally> tallies = new EnumMap<>(Side.class);
                for (Side side : sides) {
                    WorkerProcess worker = workers.get(side);
                    Tally tally = new Tally();
                    long now = System.nanoTime();
                    long sliceEnd = now + Math.max(0, deadline - now) / slicesLeft;
                    progress.slice(scenario, side, now, sliceEnd);
                    while (moreRuns(arguments, tally, sliceEnd, overtime)) {
                        tally.add(worker.run(scenario, arguments.mode, threads, arguments.runLimit));
                        progress.ran(tally, arguments.runs().orElse(0));
                    }
                    tallies.put(side, tally);
                    slicesLeft--;
                }
                Results.ScenarioResult result = new Results.ScenarioResult(scenario, tallies.get(Side.BROKEN),
                        tallies.get(Side.SAFE), tallies.get(Side.GUARDED));
                progress.scenarioDone(result);
                done.add(result);
            }
            progress.end();
            int started = workers.values().stream().mapToInt(WorkerProcess::started).sum();
            return new Results(done, arguments, Duration.ofNanos(System.nanoTime() - start), started);
        } finally {
            workers.values().forEach(WorkerProcess::close);
            progress.end();
        }
    }

    private static boolean moreRuns(LabArguments arguments, Tally tally, long sliceEnd, long overtime) {
        if (arguments.runs().isPresent()) {
            return tally.runs() < arguments.runs().get();
        }
        long now = System.nanoTime();
        if (now < sliceEnd) {
            return tally.runs() < LabArguments.MAX_RUNS;
        }
        if (tally.runs() == 0) {
            return true;
        }
        // Out of time: top up to a few runs, unless a run already hung (each hang costs the run
        // limit and a fresh worker, and the other scenarios should not pay for it) or a very busy
        // machine has already taken the whole run well past its budget.
        boolean hung = tally.outcomes().keySet().stream().anyMatch(Results::isHang);
        return tally.runs() < MIN_RUNS && !hung && now < overtime;
    }

    /** The worker JVMs: this JVM's java and class path (the shaded jar, or the test class path). */
    static WorkerProcess.Launch launch(LabArguments arguments) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> options = new ArrayList<>();
        options.add("-XX:-OmitStackTraceInFastThrow");
        options.add("-Xmx512m");
        options.add("-Dorg.jboss.logging.provider=" + System.getProperty("org.jboss.logging.provider", "slf4j"));
        options.add("-Dstory.level=" + System.getProperty("story.level", "OFF"));
        options.add("-Dhibernate.level=" + System.getProperty("hibernate.level", "OFF"));
        forward(options, "sql.level", null);
        // Which database, never its password: the workers inherit DB_PASSWORD from the environment,
        // where the process list does not show it.
        forward(options, "db", arguments.db);
        forward(options, "db.url", arguments.dbUrl);
        forward(options, "db.user", arguments.dbUser);
        return new WorkerProcess.Launch(java, System.getProperty("java.class.path"), options, arguments.extraScenario);
    }

    private static void forward(List<String> options, String property, String fromOption) {
        String value = fromOption != null ? fromOption : System.getProperty(property);
        if (value != null) {
            options.add("-D" + property + "=" + value);
        }
    }

    /**
     * Which database the run uses, as the report's header names it: "H2 2.5.252 in memory", or
     * the server's product and version and where it is. A server is tried once, now, so that an
     * unreachable one costs a second and one line, not a whole run.
     */
    static String describeDatabase(LabArguments arguments) {
        Database.Settings settings;
        try {
            settings = Database.Settings.chosen("lab", arguments.db, arguments.dbUrl, arguments.dbUser);
        } catch (IllegalArgumentException e) {
            throw new DatabaseUnreachable(e.getMessage());
        }
        if (settings.url().startsWith("jdbc:h2:mem:")) {
            return "H2 " + org.h2.engine.Constants.VERSION + " in memory";
        }
        try {
            return Database.describeServer(settings, LabArguments.DATABASE_OPTIONS);
        } catch (IllegalStateException e) {
            throw new DatabaseUnreachable(e.getMessage());
        }
    }

    /** The database cannot be reached, or was named wrong: one line, exit code 2. */
    static final class DatabaseUnreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseUnreachable(String message) {
            super(message);
        }
    }

    /** Fails now rather than after the run if the result could not be written. */
    private static void checkWritable(Path file) {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new LabFailure("cannot write " + file + ": it is a directory; name a file, e.g. --output lab.md");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new LabFailure("cannot write " + file + ": there is no directory " + directory);
        }
        if (Files.exists(absolute) ? !Files.isWritable(absolute) : !Files.isWritable(directory)) {
            throw new LabFailure("cannot write " + file + ": permission denied");
        }
    }

    private static void write(Path file, String report) {
        try {
            Files.writeString(file, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabFailure("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** The scenarios, part by part, in number order within a part. */
    private static void printList(List<ScenarioPair> catalogue, PrintStream out) {
        for (Part part : Part.values()) {
            List<ScenarioPair> own = catalogue.stream().filter(s -> s.part() == part)
                    .sorted(java.util.Comparator.comparingInt(ScenarioPair::number)).toList();
            if (own.isEmpty()) {
                continue;
            }
            out.println(part.heading() + ": " + part.about());
            out.println(" #  name               scenario");
            for (ScenarioPair scenario : own) {
                out.printf("%2d  %-17s  %s%n", scenario.number(), scenario.name(), scenario.title());
            }
            out.println();
        }
        out.println("Run some: ./lab 4 6   or   ./lab --scenario background-task,lost-update");
    }
}

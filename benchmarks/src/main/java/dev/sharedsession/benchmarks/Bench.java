package dev.sharedsession.benchmarks;

import dev.sharedsession.benchmarks.BenchArguments.BadArguments;
import dev.sharedsession.benchmarks.BenchArguments.Parsed;
import dev.sharedsession.database.Database;
import dev.sharedsession.database.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.WarmupMode;

/**
 * {@code ./bench}: runs every benchmark in a profile, writes JMH's JSON ({@code results.json},
 * loadable in jmh-visualizer) and turns it into {@code report.md} with charts. See
 * {@link BenchArguments#USAGE}.
 */
public final class Bench {

    /** Exit status for bad input: the one-line message says what to do. */
    static final int BAD_INPUT = 2;

    /** Every fork gets the same JVM, with room for the 100k-entity context and quiet logging. */
    static final String[] FORK_JVM_ARGS = {
        "-Xms1g", "-Xmx1g", "-XX:-OmitStackTraceInFastThrow", "-Djava.awt.headless=true",
        "-Dorg.jboss.logging.provider=slf4j", "-Dstory.level=OFF", "-Dhibernate.level=OFF"};

    private Bench() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (0 done, 1 a benchmark or the report failed, 2 bad input). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Parsed parsed;
        try {
            parsed = BenchArguments.parse(args);
        } catch (BadArguments e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        if (parsed.command() == BenchArguments.Command.HELP) {
            out.println(BenchArguments.USAGE);
            return 0;
        }
        if (parsed.command() == BenchArguments.Command.REPORT && !Files.isRegularFile(parsed.results())) {
            err.println("bench: no results file at " + parsed.results().toAbsolutePath()
                    + "; give the results.json of an earlier ./bench run");
            return BAD_INPUT;
        }
        Path outDir = parsed.out() != null ? parsed.out() : defaultOut(parsed);
        String problem = prepareOutputDirectory(outDir);
        if (problem != null) {
            err.println(problem);
            return BAD_INPUT;
        }
        try {
            if (parsed.command() == BenchArguments.Command.REPORT) {
                if (!parsed.results().toAbsolutePath().getParent().equals(outDir.toAbsolutePath())) {
                    copyRunInfo(parsed.results(), outDir);
                }
                Report.write(parsed.results(), outDir);
                out.println("bench: report written to " + outDir.resolve(Report.FILE));
                return 0;
            }
            String command = "./bench " + String.join(" ", args);
            Map<String, String> databases;
            try {
                databases = describeDatabases(parsed.databases() != null ? parsed.databases() : List.of(switchedDatabase()),
                        parsed.dbUrl(), parsed.dbUser());
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("bench: " + e.getMessage());
                return BAD_INPUT;
            }
            Plan plan = Plan.of(parsed.profile(), List.copyOf(databases.keySet()), parsed.threads(), parsed.rtts());
            runSuite(plan, databases, forkProperties(parsed.dbUrl(), parsed.dbUser()), outDir, command, out);
            out.println("bench: results in " + outDir.resolve("results.json") + ", report in " + outDir.resolve(Report.FILE));
            return 0;
        } catch (Results.NotResults e) {
            err.println("bench: " + parsed.results() + " is not a JMH JSON results file (" + e.getMessage() + ")");
            return BAD_INPUT;
        } catch (RunnerException e) {
            err.println("bench: a benchmark failed: " + e.getMessage() + " (JMH's output above says which and why)");
            return 1;
        } catch (IOException e) {
            err.println("bench: could not write to " + outDir + ": " + e.getMessage());
            return 1;
        }
    }

    private static Path defaultOut(Parsed parsed) {
        if (parsed.command() == BenchArguments.Command.REPORT) {
            return parsed.results().toAbsolutePath().getParent();
        }
        // ./bench passes the project directory, so the default does not depend on where it is run from.
        String home = System.getProperty("bench.home", ".");
        return Path.of(home, "target", "bench", parsed.profile().cliName());
    }

    /** Creates the directory; a one-line problem if it cannot be created or written, else null. */
    static String prepareOutputDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            return "bench: cannot create the output directory " + dir + " (" + e.getClass().getSimpleName()
                    + "); choose another with --out DIR";
        }
        if (!Files.isWritable(dir)) {
            return "bench: the output directory " + dir + " is not writable; choose another with --out DIR";
        }
        return null;
    }

    private static void copyRunInfo(Path results, Path outDir) throws IOException {
        Path info = results.toAbsolutePath().getParent().resolve(RunInfo.FILE);
        if (Files.isRegularFile(info)) {
            Files.copy(info, outDir.resolve(RunInfo.FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The database the project's one switch chooses when --db is not given: -Ddb, DB (or the URL's), else h2. */
    static String switchedDatabase() {
        return Database.Settings.chosen("bench", null, null, null).engine().word();
    }

    /**
     * Each database of the run, described as the report names it; a server is tried once, now, so
     * that an unreachable one costs a second and one line, not a run. Throws with that one line.
     */
    static Map<String, String> describeDatabases(List<String> words, String dbUrl, String dbUser) {
        Map<String, String> described = new LinkedHashMap<>();
        for (String word : words) {
            if (Engine.named(word) == Engine.H2) {
                described.put(word, "H2 " + org.h2.engine.Constants.VERSION + " in memory, inside each JVM");
                continue;
            }
            Database.Settings settings = BenchDatabase.serverSettings("bench", Engine.named(word), dbUrl, dbUser);
            described.put(word, Database.describeServer(settings, BenchArguments.Line.DATABASE_OPTIONS));
        }
        return described;
    }

    /** Runs every part of the plan, writes results.json, run-info.json and the report. */
    static Collection<RunResult> runSuite(Plan plan, Map<String, String> databases, List<String> forkProperties,
                                          Path outDir, String command, PrintStream out) throws RunnerException, IOException {
        Profile profile = plan.profile();
        // The smoke test keeps JMH's own output out of the build log, in files next to the results.
        boolean smoke = profile == Profile.SMOKE;
        Instant started = Instant.now();
        RunInfo info = RunInfo.atStart(command, profile);
        info.plan(plan, databases);
        // The plan and its budget on paper (Profile's Javadoc), part by part, before anything runs.
        plan.describe().forEach(line -> out.println("bench: " + line));
        List<RunResult> results = new ArrayList<>();
        int run = 0;
        for (Plan.Part part : plan.parts()) {
            // The thread count is a run option, not a parameter: one JMH run per count.
            for (int n : part.threads()) {
                out.println("bench: " + part.title() + ", " + n + (n == 1 ? " thread" : " threads"));
                ChainedOptionsBuilder options = options(part.timing(), !smoke, forkProperties).threads(n);
                part.benchmarks().forEach(b -> options.include("^" + Pattern.quote(b) + "$"));
                part.params().forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
                if (smoke) {
                    options.output(outDir.resolve(SMOKE_OUTPUT + "." + (++run)).toString());
                }
                results.addAll(part.timing().forks() == 0
                        ? inThisJvm(forkProperties, () -> new Runner(options.build()).run())
                        : new Runner(options.build()).run());
            }
        }
        info.finish(started);

        Path json = outDir.resolve("results.json");
        try (PrintStream file = new PrintStream(Files.newOutputStream(json), false, java.nio.charset.StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, file).writeOut(results);
        }
        info.write(outDir);
        try {
            Report.write(json, outDir);
        } catch (Results.NotResults e) {
            throw new IllegalStateException("JMH wrote a results file the report cannot read: " + e.getMessage(), e);
        }
        return results;
    }

    static final String SMOKE_OUTPUT = "jmh-output.txt";

    /** A JMH run without forks: the -D options a fork would get are this JVM's properties meanwhile. */
    private static Collection<RunResult> inThisJvm(List<String> forkProperties, JmhRun run) throws RunnerException {
        Map<String, String> before = new LinkedHashMap<>();
        for (String option : forkProperties) {
            String[] property = option.substring(2).split("=", 2);
            before.put(property[0], System.getProperty(property[0]));
            System.setProperty(property[0], property[1]);
        }
        try {
            return run.run();
        } finally {
            before.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
        }
    }

    private interface JmhRun {
        Collection<RunResult> run() throws RunnerException;
    }

    /**
     * Which server the forks use, as -D options: --db-url and --db-user, else this JVM's own
     * properties. Never its password: the forks inherit DB_PASSWORD from the environment, where
     * the process list does not show it (a password file is named, not read, here).
     */
    static List<String> forkProperties(String dbUrl, String dbUser) {
        List<String> properties = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        given.put("db.url", dbUrl);
        given.put("db.user", dbUser);
        given.put("db.password.file", null);
        given.forEach((property, value) -> {
            String forwarded = value != null ? value : System.getProperty(property);
            if (forwarded != null) {
                properties.add("-D" + property + "=" + forwarded);
            }
        });
        return properties;
    }

    static ChainedOptionsBuilder options(Plan.Timing timing, boolean profileAllocation, List<String> forkProperties) {
        List<String> jvmArgs = new ArrayList<>(List.of(FORK_JVM_ARGS));
        jvmArgs.addAll(forkProperties);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(timing.forks())
                .warmupIterations(timing.warmupIterations())
                .warmupTime(TimeValue.milliseconds(Math.max(1, timing.warmupMillis())))
                .measurementIterations(timing.iterations())
                .measurementTime(TimeValue.milliseconds(timing.iterationMillis()))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true);
        if (timing.forks() == 0 && timing.warmupIterations() > 0) {
            // In one JVM, warm every benchmark of the run up first, then warm and measure each.
            options.warmupMode(WarmupMode.BULK_INDI);
        }
        if (profileAllocation) {
            // Allocation per operation: bytes per managed entity, and what a Session allocates.
            options.addProfiler(GCProfiler.class);
        }
        return options;
    }
}

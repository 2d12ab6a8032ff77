package dev.sharedsession.benchmarks;

import dev.sharedsession.benchmarks.BenchArguments.BadArguments;
import dev.sharedsession.benchmarks.BenchArguments.Parsed;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
            runSuite(parsed.profile(), parsed.threads(), outDir, command, out);
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

    /** Runs every benchmark of the profile, writes results.json, run-info.json and the report. */
    static Collection<RunResult> runSuite(Profile profile, List<Integer> threads, Path outDir, String command,
                                          PrintStream out) throws RunnerException, IOException {
        // The smoke test keeps JMH's own output out of the build log, in a file next to the results.
        String jmhOutput = profile == Profile.SMOKE ? outDir.resolve(SMOKE_OUTPUT).toString() : null;
        Instant started = Instant.now();
        RunInfo info = RunInfo.atStart(command, profile);
        List<RunResult> results = new ArrayList<>();
        // The thread count is a run option, not a parameter: one JMH run per count.
        for (int n : threads) {
            out.println("bench: unit of work, " + n + " thread(s)");
            ChainedOptionsBuilder options = options(profile)
                    .include(only(UnitOfWorkBenchmark.class))
                    .warmupIterations(profile.unitOfWorkWarmupIterations)
                    .threads(n);
            if (jmhOutput != null) {
                options.output(jmhOutput + "." + n);
            }
            results.addAll(new Runner(options.build()).run());
        }
        out.println("bench: session cost and the long-lived persistence context, 1 thread");
        ChainedOptionsBuilder single = options(profile)
                .include(only(SessionCostBenchmark.class))
                .include(only(PersistenceContextBenchmark.class))
                .threads(1);
        if (jmhOutput != null) {
            single.output(jmhOutput);
        }
        results.addAll(new Runner(single.build()).run());
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

    static String only(Class<?> benchmark) {
        return "^" + Pattern.quote(benchmark.getName() + ".");
    }

    static ChainedOptionsBuilder options(Profile profile) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(profile.forks)
                .warmupIterations(profile.warmupIterations)
                .warmupTime(TimeValue.milliseconds(Math.max(1, profile.warmupMillis)))
                .measurementIterations(profile.measurementIterations)
                .measurementTime(TimeValue.milliseconds(profile.measurementMillis))
                .jvmArgs(FORK_JVM_ARGS)
                .shouldFailOnError(true);
        if (profile.forks == 0 && profile.warmupIterations > 0) {
            // In one JVM, warm every benchmark of the run up first, then warm and measure each.
            options.warmupMode(WarmupMode.BULK_INDI);
        }
        if (profile != Profile.SMOKE) {
            // Allocation per operation: bytes per managed entity, and what a Session allocates.
            options.addProfiler(GCProfiler.class);
        } else {
            // The smoke test proves that every benchmark runs, with the smallest context.
            options.param("managed", "1000");
        }
        return options;
    }
}

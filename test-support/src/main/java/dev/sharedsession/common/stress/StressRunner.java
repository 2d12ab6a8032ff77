package dev.sharedsession.common.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Runs jcstress and grades its results file, because jcstress's exit code cannot tell the
 * cases apart: a forbidden outcome and a crashed test both exit 1, and "only interesting
 * outcomes" and "no test matched" both exit 0.
 *
 * <pre>
 * StressRunner --expect broken|safe --report DIR -- [jcstress options]
 * </pre>
 * <ul>
 *   <li>{@code broken}: every test must show at least one NAMED bad outcome (an
 *       ACCEPTABLE_INTERESTING {@code @Outcome} with an {@code id}: a specific failure), and none
 *       FORBIDDEN: the race was seen. Outcomes that only the catch-all {@code @Outcome} (the one
 *       without an {@code id}, "something else went wrong") matched do not count; their frequency
 *       is reported per test.</li>
 *   <li>{@code safe}: every test must show only ACCEPTABLE outcomes.</li>
 *   <li>Either way: a test that errored, crashed its VM or timed out fails the run. A jcstress
 *       that crashed (threw, wrote no results, or left a matched test without results) is
 *       reported as a crash; "no test matched" only when the filter matched no test.</li>
 * </ul>
 * Writes jcstress's HTML report to {@code DIR/html} and a Markdown summary (every outcome with
 * its count and frequency, and which {@code @Outcome} named it) to {@code DIR/summary.md}. Exit code 0 if the grading passed, 1 if
 * not, 2 for bad arguments.
 */
public final class StressRunner {

    private StressRunner() {
    }

    public static void main(String[] args) throws Exception {
        String expect = null;
        Path report = null;
        List<String> jcstressArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                jcstressArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            } else if (args[i].equals("--expect") && i + 1 < args.length) {
                expect = args[++i];
            } else if (args[i].equals("--report") && i + 1 < args.length) {
                report = Path.of(args[++i]);
            } else {
                usage("unknown argument '" + args[i] + "'");
            }
        }
        if (!"broken".equals(expect) && !"safe".equals(expect)) {
            usage("--expect must be 'broken' or 'safe'");
        }
        if (report == null) {
            usage("--report DIR is required");
        }
        Files.createDirectories(report);
        jcstressArgs.add("-r");
        jcstressArgs.add(report.resolve("html").toString());

        Options options = new Options(jcstressArgs.toArray(String[]::new));
        if (!options.parse()) {
            usage("jcstress did not accept its options: " + jcstressArgs);
        }
        Path resultFile = Path.of(options.getResultFile());
        Files.deleteIfExists(resultFile);
        List<String> problems = new ArrayList<>();
        SortedSet<String> matched = new TreeSet<>();
        Throwable crash = null;
        try {
            JCStress jcstress = new JCStress(options);
            matched.addAll(jcstress.getTests());
            if (matched.isEmpty()) {
                problems.add("no jcstress test matched '" + options.getTestFilter() + "'");
            } else {
                jcstress.run();
            }
        } catch (Throwable t) {
            // jcstress throws after its own report when a test failed by its rules (graded below,
            // by ours); anything else is jcstress itself crashing.
            if (!thrownByItsReport(t)) {
                crash = t;
            }
        }
        List<TestResult> results = matched.isEmpty() ? List.of() : read(resultFile, problems);
        if (crash != null) {
            problems.add(0, "jcstress CRASHED: " + crash + (results.isEmpty() ? ", before any test had a result" : ""));
        } else if (!matched.isEmpty() && results.isEmpty() && problems.isEmpty()) {
            problems.add("jcstress CRASHED: it ran " + matched.size() + " matched test(s) and recorded no result");
        }
        Set<String> withResults = new TreeSet<>();
        results.forEach(r -> withResults.add(r.getName()));
        for (String test : matched) {
            if (!withResults.contains(test) && (crash != null || !results.isEmpty())) {
                problems.add(test + " has no result: jcstress CRASHED before or while running it");
            }
        }
        // jcstress runs a test once per JVM configuration; each run is graded, and the outcomes
        // are added up per test for the summary.
        Map<String, List<TestResult>> byTest = new TreeMap<>();
        results.forEach(r -> byTest.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<TestResult>> test : byTest.entrySet()) {
            problems.addAll(grade(test.getKey(), test.getValue(), expect));
        }
        String summary = summary(byTest, expect, problems, jcstressArgs);
        Files.writeString(report.resolve("summary.md"), summary, StandardCharsets.UTF_8);
        Files.deleteIfExists(resultFile);

        System.out.println();
        System.out.println(summary);
        System.out.println("(HTML report: " + report.resolve("html/index.html") + ", summary: " + report.resolve("summary.md") + ")");
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("STRESS FAILED: " + p));
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("StressRunner: " + problem + "; usage: StressRunner --expect broken|safe --report DIR -- [jcstress options]");
        System.exit(2);
    }

    private static List<TestResult> read(Path resultFile, List<String> problems) throws IOException, ClassNotFoundException {
        if (!Files.exists(resultFile)) {
            problems.add("jcstress CRASHED: it wrote no results file (" + resultFile + ")");
            return List.of();
        }
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(resultFile.toString(), collector);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        List<TestResult> results = new ArrayList<>(collector.getTestResults());
        results.sort(Comparator.comparing(TestResult::getName));
        return results;
    }

    /** Whether {@code t} is the exception jcstress throws, after its report, when a test failed by its own rules. */
    private static boolean thrownByItsReport(Throwable t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().endsWith(".ExceptionReportPrinter"));
    }

    /**
     * The catch-all {@code @Outcome} of a test (the one without an {@code id}), or null if it
     * declares none: outcomes that no named {@code @Outcome} matched land there.
     */
    static StateCase catchAll(String test) {
        try {
            TestInfo info = TestList.getInfo(test);
            return info == null ? null : info.unmatched();
        } catch (RuntimeException notListed) {
            return null;
        }
    }

    /** Whether an observed outcome was matched by the catch-all rather than by a named {@code @Outcome}. */
    static boolean caughtByCatchAll(String test, GradingResult outcome) {
        StateCase catchAll = catchAll(test);
        if (catchAll == null) {
            return false;
        }
        TestInfo info = TestList.getInfo(test);
        return info.cases().stream().noneMatch(c -> c != catchAll && (c.matchesExactly(outcome.id) || c.matches(outcome.id)));
    }

    static List<String> grade(String name, List<TestResult> runs, String expect) {
        List<String> problems = new ArrayList<>();
        boolean sawBadOutcome = false;
        boolean sawNamedBadOutcome = false;
        long catchAllSamples = 0;
        long samples = 0;
        for (TestResult run : runs) {
            samples += run.getTotalCount();
            if (run.status() != Status.NORMAL) {
                problems.add(name + " did not run cleanly: " + run.status() + " " + String.join(" | ", run.getMessages()));
                continue;
            }
            TestGrading grading = run.grading();
            if (!grading.isPassed) {
                problems.add(name + " showed a FORBIDDEN outcome: " + String.join(" | ", grading.failureMessages));
            }
            sawBadOutcome |= grading.hasInteresting;
            for (GradingResult outcome : grading.gradingResults.values()) {
                if (outcome.expect == Expect.ACCEPTABLE_INTERESTING && outcome.count > 0) {
                    if (caughtByCatchAll(name, outcome)) {
                        catchAllSamples += outcome.count;
                    } else {
                        sawNamedBadOutcome = true;
                    }
                }
            }
        }
        if ("broken".equals(expect) && !sawNamedBadOutcome) {
            problems.add(name + " never showed a named bad outcome in " + samples + " samples"
                    + (catchAllSamples > 0 ? " (only the catch-all \"" + catchAll(name).description() + "\", "
                            + catchAllSamples + " samples, which proves nothing specific)" : "")
                    + ": the race window is too narrow for this run, or the failure seen is not one the test names");
        }
        if ("safe".equals(expect) && sawBadOutcome) {
            problems.add(name + " showed an outcome marked interesting (bad) on the safe side");
        }
        return problems;
    }

    private static String summary(Map<String, List<TestResult>> byTest, String expect, List<String> problems,
                                  List<String> args) {
        StringBuilder md = new StringBuilder();
        md.append("# jcstress: ").append(expect).append(" side\n\n");
        md.append("`jcstress ").append(String.join(" ", args)).append("`  \n");
        md.append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n\n");
        byTest.forEach((name, runs) -> {
            Map<String, GradingResult> outcomes = new LinkedHashMap<>();
            Map<String, Long> counts = new TreeMap<>();
            long total = 0;
            for (TestResult run : runs) {
                total += run.getTotalCount();
                if (run.status() == Status.NORMAL) {
                    for (GradingResult outcome : run.grading().gradingResults.values()) {
                        outcomes.putIfAbsent(outcome.id, outcome);
                        counts.merge(outcome.id, outcome.count, Long::sum);
                    }
                }
            }
            md.append("## ").append(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1)).append("\n\n");
            md.append(total).append(" samples in ").append(runs.size()).append(" JVM configuration(s)\n\n");
            StateCase catchAll = catchAll(name);
            if (catchAll != null) {
                long caught = 0;
                for (Map.Entry<String, Long> count : counts.entrySet()) {
                    if (caughtByCatchAll(name, outcomes.get(count.getKey()))) {
                        caught += count.getValue();
                    }
                }
                md.append("Catch-all (\"").append(catchAll.description()).append("\", ").append(label(catchAll.expect()))
                        .append("): ").append(caught).append(" samples, ").append(frequency(caught, total)).append("\n\n");
            }
            md.append("| outcome | samples | frequency | expect | what happened |\n");
            md.append("| --- | ---: | ---: | --- | --- |\n");
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                GradingResult outcome = outcomes.get(count.getKey());
                md.append("| `").append(outcome.id).append("` | ").append(count.getValue()).append(" | ")
                        .append(frequency(count.getValue(), total)).append(" | ").append(label(outcome.expect))
                        .append(catchAll != null && caughtByCatchAll(name, outcome) ? ", catch-all" : "")
                        .append(" | ").append(outcome.description == null ? "" : outcome.description).append(" |\n");
            }
            md.append('\n');
        });
        md.append(problems.isEmpty() ? "Verdict: as expected.\n" : "Verdict: FAILED\n\n- " + String.join("\n- ", problems) + "\n");
        return md.toString();
    }

    private static String frequency(long count, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * count / total);
    }

    private static String label(Expect expect) {
        return switch (expect) {
            case ACCEPTABLE -> "acceptable";
            case ACCEPTABLE_INTERESTING -> "**bad** (interesting)";
            case FORBIDDEN -> "forbidden";
            default -> expect.name().toLowerCase(Locale.ROOT);
        };
    }


}

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
import java.util.TreeMap;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;

/**
 * Runs jcstress and grades its results file, because jcstress's exit code cannot tell the
 * cases apart: a forbidden outcome and a crashed test both exit 1, and "only interesting
 * outcomes" and "no test matched" both exit 0.
 *
 * <pre>
 * StressRunner --expect broken|safe --report DIR -- [jcstress options]
 * </pre>
 * <ul>
 *   <li>{@code broken}: every test must show at least one of its ACCEPTABLE_INTERESTING (bad)
 *       outcomes, and none FORBIDDEN: the race was seen.</li>
 *   <li>{@code safe}: every test must show only ACCEPTABLE outcomes.</li>
 *   <li>Either way: a test that errored, crashed its VM or timed out fails the run, and so does
 *       a run in which no test matched.</li>
 * </ul>
 * Writes jcstress's HTML report to {@code DIR/html} and a Markdown summary (every outcome with
 * its count and frequency) to {@code DIR/summary.md}. Exit code 0 if the grading passed, 1 if
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
        try {
            new JCStress(options).run();
        } catch (Exception reportedBelow) {
            // jcstress throws after its own report when a test failed by its rules; ours follow.
        }
        List<String> problems = new ArrayList<>();
        List<TestResult> results = read(resultFile, problems);
        if (results.isEmpty() && problems.isEmpty()) {
            problems.add("no jcstress test matched '" + options.getTestFilter() + "'");
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
            problems.add("jcstress wrote no results file (" + resultFile + "): it did not run");
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

    static List<String> grade(String name, List<TestResult> runs, String expect) {
        List<String> problems = new ArrayList<>();
        boolean sawBadOutcome = false;
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
        }
        if ("broken".equals(expect) && !sawBadOutcome) {
            problems.add(name + " never showed its bad outcome in " + samples
                    + " samples: the race window is too narrow for this run");
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
            md.append("| outcome | samples | frequency | expect | what happened |\n");
            md.append("| --- | ---: | ---: | --- | --- |\n");
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                GradingResult outcome = outcomes.get(count.getKey());
                md.append("| `").append(outcome.id).append("` | ").append(count.getValue()).append(" | ")
                        .append(frequency(count.getValue(), total)).append(" | ").append(label(outcome.expect))
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

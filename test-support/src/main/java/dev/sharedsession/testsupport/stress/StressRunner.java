package dev.sharedsession.testsupport.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Writes jcstress's HTML report to {@code DIR/html} and a Markdown summary to
 * {@code DIR/summary.md}: per test, one row per {@code @Outcome} description ("what happened")
 * with its samples and frequency, then every raw outcome (see {@link #section}). Exit code 0 if
 * the grading passed, 1 if not, 2 for bad arguments.
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
        // The summary quotes the options as given: the report's absolute path says where one machine kept it.
        List<String> givenArgs = List.copyOf(jcstressArgs);
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
        String summary = summary(byTest, expect, problems, givenArgs);
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

    /** What jcstress knows of a test (its {@code @Outcome}s), or null if it does not list it. */
    static TestInfo info(String test) {
        try {
            return TestList.getInfo(test);
        } catch (RuntimeException notListed) {
            return null;
        }
    }

    /**
     * The catch-all {@code @Outcome} of a test (the one without an {@code id}), or null if it
     * declares none: outcomes that no named {@code @Outcome} matched land there.
     */
    static StateCase catchAll(String test) {
        TestInfo info = info(test);
        return info == null ? null : info.unmatched();
    }

    /**
     * The {@code @Outcome} case that grades an outcome, by jcstress's rule: the first named case
     * whose id equals it, else the first whose pattern matches it, else the catch-all (null if
     * the test has none).
     */
    static StateCase matchedBy(Collection<StateCase> cases, StateCase catchAll, String id) {
        return cases.stream().filter(c -> c.matchesExactly(id)).findFirst()
                .or(() -> cases.stream().filter(c -> c.matches(id)).findFirst())
                .orElse(catchAll);
    }

    /** Whether an observed outcome was matched by the catch-all rather than by a named {@code @Outcome}. */
    static boolean caughtByCatchAll(String test, GradingResult outcome) {
        StateCase catchAll = catchAll(test);
        return catchAll != null && matchedBy(info(test).cases(), catchAll, outcome.id) == catchAll;
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
            Map<String, Long> counts = new TreeMap<>();
            long total = 0;
            for (TestResult run : runs) {
                total += run.getTotalCount();
                if (run.status() == Status.NORMAL) {
                    for (String id : run.getStateKeys()) {
                        counts.merge(id, run.getCount(id), Long::sum);
                    }
                }
            }
            TestInfo info = info(name);
            md.append(info == null ? section(name, List.of(), null, runs.size(), total, counts)
                    : section(name, info.cases(), info.unmatched(), runs.size(), total, counts));
        });
        md.append(problems.isEmpty() ? "Verdict: as expected.\n" : "Verdict: FAILED\n\n- " + String.join("\n- ", problems) + "\n");
        return md.toString();
    }

    /**
     * One "what happened" row of a test's summary: the {@code @Outcome}s with this description and
     * expectation (an {@code @Outcome} with several ids is several cases with one description).
     * {@code expect} is null for outcomes that matched no {@code @Outcome} of a test without a catch-all.
     */
    record WhatHappened(String description, Expect expect) {

        static final WhatHappened UNDECLARED = new WhatHappened("matched no @Outcome", null);

        static WhatHappened of(StateCase outcome) {
            return outcome == null ? UNDECLARED
                    : new WhatHappened(outcome.description() == null ? "" : outcome.description(), outcome.expect());
        }
    }

    /**
     * A test's section of the summary: first one row per "what happened" (the description of the
     * {@code @Outcome} that graded an outcome), in the order the test declares them with the
     * catch-all last, each with its samples summed; then, folded, every raw outcome seen, with the
     * number of its row. A broken-side test shows 40 raw outcomes and more, most of them the same
     * few failures with different exceptions: the rows say which failures, the list which exceptions.
     *
     * @param cases    the test's named {@code @Outcome} cases, in declaration order
     * @param catchAll its catch-all {@code @Outcome}, or null
     * @param counts   every raw outcome seen, with its samples summed over the runs
     */
    static String section(String test, Collection<StateCase> cases, StateCase catchAll, int runs, long total,
                          Map<String, Long> counts) {
        Map<WhatHappened, Long> rows = new LinkedHashMap<>();
        cases.forEach(c -> rows.put(WhatHappened.of(c), 0L));
        if (catchAll != null) {
            rows.put(WhatHappened.of(catchAll), 0L);
        }
        Map<String, WhatHappened> rowOf = new HashMap<>();
        counts.forEach((id, samples) -> {
            WhatHappened row = WhatHappened.of(matchedBy(cases, catchAll, id));
            rowOf.put(id, row);
            rows.merge(row, samples, Long::sum);
        });
        List<WhatHappened> numbered = new ArrayList<>(rows.keySet());

        StringBuilder md = new StringBuilder();
        // The class names without the package: a nested test class keeps its outer class's name.
        md.append("## ").append(test.replaceFirst("^([a-z]\\w*\\.)+", "")).append("\n\n");
        md.append(total).append(" samples in ").append(runs).append(" JVM configuration(s)\n\n");
        md.append("| # | what happened | samples | frequency | expect |\n");
        md.append("| ---: | --- | ---: | ---: | --- |\n");
        rows.forEach((row, samples) -> md.append("| ").append(numbered.indexOf(row) + 1).append(" | ")
                .append(row.description()).append(" | ").append(samples).append(" | ").append(frequency(samples, total))
                .append(" | ").append(label(row.expect()))
                .append(catchAll != null && row.equals(WhatHappened.of(catchAll)) ? ", catch-all" : "").append(" |\n"));
        md.append('\n');
        if (!counts.isEmpty()) {
            // By row, the commonest first: the exceptions behind one kind of failure read together.
            List<String> ids = new ArrayList<>(counts.keySet());
            ids.sort(Comparator.<String>comparingInt(id -> numbered.indexOf(rowOf.get(id)))
                    .thenComparing(counts::get, Comparator.reverseOrder()));
            md.append("<details><summary>Every outcome seen (").append(ids.size())
                    .append("), with the number of its row above</summary>\n\n");
            md.append("| outcome | samples | frequency | # |\n");
            md.append("| --- | ---: | ---: | ---: |\n");
            for (String id : ids) {
                md.append("| `").append(id).append("` | ").append(counts.get(id)).append(" | ")
                        .append(frequency(counts.get(id), total)).append(" | ")
                        .append(numbered.indexOf(rowOf.get(id)) + 1).append(" |\n");
            }
            md.append("\n</details>\n\n");
        }
        return md.toString();
    }

    private static String frequency(long count, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * count / total);
    }

    private static String label(Expect expect) {
        if (expect == null) {
            return "-";
        }
        return switch (expect) {
            case ACCEPTABLE -> "acceptable";
            case ACCEPTABLE_INTERESTING -> "**bad** (interesting)";
            case FORBIDDEN -> "forbidden";
            default -> expect.name().toLowerCase(Locale.ROOT);
        };
    }


}

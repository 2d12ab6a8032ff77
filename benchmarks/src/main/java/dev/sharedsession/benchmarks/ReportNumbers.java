package dev.sharedsession.benchmarks;

import dev.sharedsession.benchmarks.Results.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's numbers by name, written as the report writes them: for a page that quotes a
 * benchmark report and wants to say exactly what the report says. Read from the same
 * {@code results.json} the report is written from, with the same reader and the same number
 * format ({@code ./bench report} and this class cannot disagree). The docs' check uses it to hold
 * every number quoted in the project's Markdown to {@code docs/benchmarks/results.json}.
 *
 * <p>The names (modelled RTT in ms, workload, threads, strategy as JMH names the method):
 * <ul>
 * <li>{@code uow/h2/rtt1/uncontended/8/sessionPerOperation}: units of work per second ({@code 1,948});</li>
 * <li>{@code uow/h2/rtt1/uncontended/8/sessionPerOperation÷lockedSharedSession}: a ratio and its
 *     interval ({@code 6.95 (6.47 – 7.46)}), the report's verdict word left out; across thread
 *     counts, {@code uow/h2/rtt1/uncontended/8÷1/lockedSharedSession};</li>
 * <li>{@code cost/openClose}, {@code context/flushNothingDirty/1000}: time per call and its error
 *     ({@code 0.201 ± 0.0115}), in the report's unit (µs);</li>
 * <li>{@code guard/8}: guard on ÷ off and its interval; {@code guard/8/off}, {@code guard/8/on}: a
 *     unit of work's mean time in µs ({@code 21.5}).</li>
 * </ul>
 * Only the guard-off unit-of-work runs are named (the guard's cost has its own pairs), and a ratio
 * only between two different strategies or two different thread counts.
 */
public final class ReportNumbers {

    private ReportNumbers() {
    }

    /**
     * Every number of the report written from {@code resultsJson}, by name, in the order of the names
     * (unmodifiable).
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is not JMH's JSON (the message names the file)
     */
    public static Map<String, String> read(Path resultsJson) {
        List<Result> entries;
        Results results;
        try {
            entries = Results.entries(resultsJson);
            results = Results.read(resultsJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Results.NotResults e) {
            throw new IllegalArgumentException(resultsJson + ": " + e.getMessage(), e);
        }
        Map<String, String> numbers = new TreeMap<>();
        for (Result r : entries) {
            if (r.benchmark().startsWith(Results.UOW) && "off".equals(Results.param(r, "guard"))) {
                String db = Results.param(r, "db");
                String rtt = Results.param(r, "rttMs");
                String workload = r.params().get("workload");
                String at = "uow/" + db + "/rtt" + rtt + "/" + workload.toLowerCase(Locale.ROOT) + "/";
                numbers.put(at + r.threads() + "/" + r.method(), Results.num(r.primary().score()));
                for (String other : Results.STRATEGIES) {
                    if (!other.equals(r.method())) {
                        results.uow(db, rtt, workload, other, r.threads()).ifPresent(o ->
                                numbers.put(at + r.threads() + "/" + r.method() + "÷" + other, ratio(Report.Ratio.of(r.primary(), o.primary()))));
                    }
                }
                for (int threads : results.uowThreads(db, rtt, workload)) {
                    if (threads != r.threads()) {
                        results.uow(db, rtt, workload, r.method(), threads).ifPresent(o ->
                                numbers.put(at + r.threads() + "÷" + threads + "/" + r.method(), ratio(Report.Ratio.of(r.primary(), o.primary()))));
                    }
                }
            } else if (r.benchmark().startsWith(Results.COST)) {
                numbers.put("cost/" + r.method(), r.primary().text());
            } else if (r.benchmark().startsWith(Results.CONTEXT)) {
                numbers.put("context/" + r.method() + "/" + r.params().get("managed"), r.primary().text());
            }
        }
        for (int threads : results.guardPairThreads()) {
            Results.GuardPairs g = results.guardPairs(threads).orElseThrow();
            numbers.put("guard/" + threads, ratio(Report.Ratio.measured(g.ratio())));
            numbers.put("guard/" + threads + "/off", Results.num(g.offMicros()));
            numbers.put("guard/" + threads + "/on", Results.num(g.onMicros()));
        }
        return Collections.unmodifiableMap(numbers);
    }

    /** The report's ratio text without its verdict word: "6.95 (6.47 – 7.46)". */
    private static String ratio(Report.Ratio ratio) {
        return ratio.text().replaceFirst(", (higher|lower|no difference shown)\\)$", ")");
    }
}

package dev.sharedsession.benchmarks;

import dev.sharedsession.benchmarks.Results.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark report's numbers for the docs' check, by name, each written as {@link Report}
 * writes it: read with the benchmarks module's own {@link Results}, formatted with
 * {@link Results#num}, {@link Results.Measured#text} and {@link Report.Ratio}. Here, in the
 * benchmarks' package, because those are package-private.
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
 */
public final class DocsBenchmarkNumbers {

    private DocsBenchmarkNumbers() {
    }

    public static Map<String, String> read(Path json) {
        List<Result> entries;
        Results results;
        try {
            entries = Results.entries(json);
            results = Results.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Results.NotResults e) {
            throw new IllegalStateException(json + ": " + e.getMessage(), e);
        }
        Map<String, String> numbers = new TreeMap<>();
        for (Result r : entries) {
            if (r.benchmark().startsWith(Results.UOW) && "off".equals(Results.param(r, "guard"))) {
                String db = Results.param(r, "db");
                String rtt = Results.param(r, "rttMs");
                String workload = r.params().get("workload");
                String at = "uow/" + db + "/rtt" + rtt + "/" + workload.toLowerCase(Locale.ROOT) + "/" + r.threads() + "/";
                numbers.put(at + r.method(), Results.num(r.primary().score()));
                for (String other : Results.STRATEGIES) {
                    results.uow(db, rtt, workload, other, r.threads()).filter(o -> o != r).ifPresent(o ->
                            numbers.put(at + r.method() + "÷" + other, ratio(Report.Ratio.of(r.primary(), o.primary()))));
                }
                for (int threads : results.uowThreads(db, rtt, workload)) {
                    results.uow(db, rtt, workload, r.method(), threads).filter(o -> o != r).ifPresent(o ->
                            numbers.put("uow/" + db + "/rtt" + rtt + "/" + workload.toLowerCase(Locale.ROOT) + "/" + r.threads() + "÷"
                                    + threads + "/" + r.method(), ratio(Report.Ratio.of(r.primary(), o.primary()))));
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
        return numbers;
    }

    /** The report's ratio text without its verdict word: "6.95 (6.47 – 7.46)". */
    private static String ratio(Report.Ratio ratio) {
        return ratio.text().replaceFirst(", (higher|lower|no difference shown)\\)$", ")");
    }
}

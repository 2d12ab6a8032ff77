package dev.sharedsession.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Turns JMH's JSON into {@code report.md} and PNG charts. Every number is printed with its error
 * (JMH's 99.9% confidence interval half-width); every ratio is computed from two numbers of the
 * same run, with the interval that their errors allow.
 */
final class Report {

    static final String FILE = "report.md";
    /** The same page again, so that a browsed folder (docs/benchmarks/) shows the report. */
    static final String FOLDER_PAGE = "README.md";

    static final String UOW = UnitOfWorkBenchmark.class.getName() + ".";
    static final String COST = SessionCostBenchmark.class.getName() + ".";
    static final String CONTEXT = PersistenceContextBenchmark.class.getName() + ".";

    static final String[] STRATEGIES = {"lockedSharedSession", "sessionPerThread", "sessionPerOperation", "rawJdbc"};
    static final Map<String, String> LABELS = Map.of(
            "lockedSharedSession", "shared Session + lock",
            "sessionPerThread", "Session per thread",
            "sessionPerOperation", "Session per operation",
            "rawJdbc", "raw JDBC (same SQL)");

    /** The results file is not JMH's JSON. */
    static final class NotResults extends Exception {
        private static final long serialVersionUID = 1L;

        NotResults(String message) {
            super(message);
        }
    }

    /** A number and its error; {@code error} is NaN when JMH could not compute one (fewer than 2 iterations). */
    record Measured(double score, double error, String unit) {
        double low() {
            return Double.isNaN(error) ? score : score - error;
        }

        double high() {
            return Double.isNaN(error) ? score : score + error;
        }

        String text() {
            return Double.isNaN(error) ? num(score) + " ± ?" : num(score) + " ± " + num(error);
        }
    }

    record Result(String benchmark, int threads, Map<String, String> params, Measured primary,
                  Map<String, Measured> secondary) {
        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }
    }

    /** Run settings JMH wrote into the JSON (the same for every entry of one run). */
    record JsonFacts(int forks, String jvmArgs, String jmh, String warmup, String measurement) {
    }

    private final List<Result> results;
    private final JsonFacts jsonFacts;
    private final Map<String, String> facts;
    private final Path out;
    private final StringBuilder md = new StringBuilder();

    private Report(List<Result> results, JsonFacts jsonFacts, Map<String, String> facts, Path out) {
        this.results = results;
        this.jsonFacts = jsonFacts;
        this.facts = facts;
        this.out = out;
    }

    /** Reads {@code json} (and the run-info.json beside it, if any) and writes the report into {@code out}. */
    static void write(Path json, Path out) throws IOException, NotResults {
        Files.createDirectories(out);
        new Report(read(json), readFacts(json), RunInfo.readNextTo(json), out).write();
    }

    static List<Result> read(Path json) throws IOException, NotResults {
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(json));
        } catch (JsonParseException e) {
            throw new NotResults("not valid JSON");
        }
        if (!root.isJsonArray()) {
            throw new NotResults("expected a JSON array of results");
        }
        List<Result> list = new ArrayList<>();
        try {
            for (JsonElement element : root.getAsJsonArray()) {
                JsonObject o = element.getAsJsonObject();
                Map<String, String> params = new LinkedHashMap<>();
                if (o.has("params")) {
                    o.getAsJsonObject("params").entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
                }
                Map<String, Measured> secondary = new LinkedHashMap<>();
                if (o.has("secondaryMetrics")) {
                    o.getAsJsonObject("secondaryMetrics").entrySet()
                            .forEach(e -> secondary.put(e.getKey().replace("\u00b7", ""), measured(e.getValue().getAsJsonObject())));
                }
                list.add(new Result(o.get("benchmark").getAsString(), o.get("threads").getAsInt(), params,
                        measured(o.getAsJsonObject("primaryMetric")), secondary));
            }
        } catch (RuntimeException e) {
            throw new NotResults("an entry lacks benchmark, threads or primaryMetric");
        }
        if (list.isEmpty()) {
            throw new NotResults("no results in it");
        }
        return list;
    }

    static JsonFacts readFacts(Path json) throws IOException, NotResults {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonArray().get(0).getAsJsonObject();
            List<String> args = new ArrayList<>();
            if (o.has("jvmArgs")) {
                o.getAsJsonArray("jvmArgs").forEach(a -> args.add(a.getAsString()));
            }
            // Warm-up and measurement may differ between benchmarks: list each setting once.
            java.util.Set<String> warmups = new java.util.LinkedHashSet<>();
            java.util.Set<String> measurements = new java.util.LinkedHashSet<>();
            for (JsonElement e : JsonParser.parseString(Files.readString(json)).getAsJsonArray()) {
                JsonObject entry = e.getAsJsonObject();
                warmups.add(text(entry, "warmupIterations") + " × " + text(entry, "warmupTime"));
                measurements.add(text(entry, "measurementIterations") + " × " + text(entry, "measurementTime"));
            }
            return new JsonFacts(o.has("forks") ? o.get("forks").getAsInt() : 0, String.join(" ", args),
                    o.has("jmhVersion") ? o.get("jmhVersion").getAsString() : "?",
                    String.join(" or ", warmups), String.join(" or ", measurements));
        } catch (RuntimeException e) {
            throw new NotResults("the first entry lacks JMH's run settings");
        }
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsString() : "?";
    }

    private static Measured measured(JsonObject metric) {
        return new Measured(number(metric.get("score")), number(metric.get("scoreError")),
                metric.get("scoreUnit").getAsString().replace("us/", "µs/"));
    }

    private static double number(JsonElement e) {
        // JMH writes "NaN" (a string) when it has no error estimate.
        return e == null || e.isJsonNull() ? Double.NaN : Double.parseDouble(e.getAsString());
    }

    // ---------------------------------------------------------------- finding numbers

    private Optional<Result> find(String prefix, String method, int threads, String paramName, String paramValue) {
        return results.stream()
                .filter(r -> r.benchmark().equals(prefix + method))
                .filter(r -> threads <= 0 || r.threads() == threads)
                .filter(r -> paramName == null || paramValue.equals(r.params().get(paramName)))
                .findFirst();
    }

    private Optional<Result> uow(String strategy, String workload, int threads) {
        return find(UOW, strategy, threads, "workload", workload);
    }

    private TreeSet<Integer> uowThreads() {
        TreeSet<Integer> threads = new TreeSet<>();
        results.stream().filter(r -> r.benchmark().startsWith(UOW)).forEach(r -> threads.add(r.threads()));
        return threads;
    }

    private TreeSet<Integer> contextSizes() {
        TreeSet<Integer> sizes = new TreeSet<>();
        results.stream().filter(r -> r.benchmark().startsWith(CONTEXT))
                .forEach(r -> sizes.add(Integer.parseInt(r.params().get("managed"))));
        return sizes;
    }

    // ---------------------------------------------------------------- the report

    private void write() throws IOException {
        md.append("# Benchmarks: what the safe ways cost\n\n");
        md.append("Generated by the bench script from `results.json` (JMH's JSON: load it in jmh-visualizer to explore). "
                + "Each benchmark class states its prediction in its header comment, written before the numbers; "
                + "the predictions are quoted below next to what was measured.\n\n");
        machine();
        errors();
        int tallyAt = md.length();
        headline();
        unitOfWork();
        sessionCost();
        persistenceContext();
        // Said up front, counted from everything below: how much of this run is more than noise.
        md.insert(tallyAt, ratios == 0 ? "" : "**In this run, " + ratiosShowingADifference + " of the " + ratios
                + " ratios below " + (ratiosShowingADifference == 1 ? "shows" : "show")
                + " a difference; the other " + (ratios - ratiosShowingADifference)
                + " are within the error bars (no difference shown).** Where a ratio's interval includes 1, the two "
                + "numbers may be equal; the ratio alone is not a finding.\n\n");
        Files.writeString(out.resolve(FILE), md.toString());
        Files.writeString(out.resolve(FOLDER_PAGE), md.toString());
    }

    private void machine() {
        md.append("## The run\n\n");
        if (facts.isEmpty()) {
            md.append("No `run-info.json` next to the results: the machine, command and date of this run are unknown.\n\n");
        } else {
            md.append("| | |\n| --- | --- |\n");
            facts.forEach((k, v) -> md.append("| ").append(k).append(" | ")
                    .append("command".equals(k) ? "`" + v + "`" : v).append(" |\n"));
            md.append('\n');
            String command = facts.getOrDefault("command", "");
            if (command.startsWith("./bench ")) {
                md.append("To reproduce: `").append(command).append("` from the project directory");
                try {
                    BenchArguments.Parsed run = BenchArguments.parse(command.substring("./bench ".length()).split(" "));
                    String dir = run.out() != null ? run.out().toString() : "target/bench/" + run.profile().cliName();
                    md.append("; to redraw this page from the same numbers: `./bench report ")
                            .append(dir).append("/results.json`");
                } catch (BenchArguments.BadArguments | RuntimeException e) {
                    // Not a command this version understands: say only how it was run.
                }
                md.append(".\n\n");
            }
        }
        JsonFacts first = jsonFacts;
        if (first.forks() > 0) {
            md.append("Every (benchmark, parameters, threads) combination ran in a fresh JVM (").append(first.forks())
                    .append(" fork) with `").append(first.jvmArgs()).append("`.");
        } else {
            md.append("Every benchmark ran inside the JVM of the bench script (forks 0): one benchmark's JIT profile colours "
                    + "the next, so these numbers are rougher than a forked run's.");
        }
        md.append(" JMH ").append(first.jmh()).append(", ").append(first.warmup()).append(" warm-up (see the profile above), ")
                .append(first.measurement()).append(" measured, per combination.\n\n");
    }

    private void errors() {
        md.append("## How to read the numbers\n\n");
        md.append("Every number is `score ± error`, where the error is JMH's 99.9% confidence interval half-width "
                + "over the measured iterations of one fork. Ratios are computed within this one run; beside each is the "
                + "interval the two errors allow (lowest over highest, highest over lowest). **An interval that includes 1 "
                + "means no difference is shown.** The machine had few cores and other work on it (see the load "
                + "averages above), so the error bars are wide: read the direction and rough size of an effect, "
                + "not the second digit. Nothing here is stronger than its interval.\n\n");
    }

    private void headline() {
        md.append("## The five figures\n\n");
        md.append("| figure | value |\n| --- | --- |\n");
        for (String strategy : new String[] {"sessionPerThread", "lockedSharedSession"}) {
            Optional<Result> one = uow(strategy, "UNCONTENDED", 1);
            Optional<Result> two = uow(strategy, "UNCONTENDED", 2);
            md.append("| ").append(LABELS.get(strategy)).append(", throughput at 2 threads ÷ 1 thread (uncontended) | ")
                    .append(one.isPresent() && two.isPresent() ? ratio(two.get().primary(), one.get().primary()) : "not measured")
                    .append(" |\n");
        }
        for (int n : uowThreads()) {
            Optional<Result> perOp = uow("sessionPerOperation", "UNCONTENDED", n);
            Optional<Result> jdbc = uow("rawJdbc", "UNCONTENDED", n);
            if (perOp.isPresent() && jdbc.isPresent()) {
                md.append("| Session per operation ÷ raw JDBC, same SQL, ").append(n).append(" thread(s) (uncontended) | ")
                        .append(r(perOp.get().primary(), jdbc.get().primary())).append(" |\n");
            }
        }
        Optional<Result> openClose = find(COST, "openClose", 0, null, null);
        Optional<Result> getConnection = find(COST, "poolGetConnectionClose", 0, null, null);
        md.append("| open + close of a Session, beside the pool's `getConnection()` + close | ")
                .append(openClose.map(r -> r.primary().text() + " " + r.primary().unit()).orElse("not measured"))
                .append(" vs ")
                .append(getConnection.map(r -> r.primary().text() + " " + r.primary().unit()).orElse("not measured"))
                .append(" |\n");
        List<String> flush = new ArrayList<>();
        for (int size : contextSizes()) {
            find(CONTEXT, "flushNothingDirty", 0, "managed", String.valueOf(size))
                    .ifPresent(r -> flush.add(String.format(Locale.ROOT, "%,d: %s %s", size, r.primary().text(), r.primary().unit())));
        }
        md.append("| flush cost (nothing dirty) by managed entities | ")
                .append(flush.isEmpty() ? "not measured" : String.join("; ", flush)).append(" |\n\n");
    }

    private void unitOfWork() throws IOException {
        TreeSet<Integer> threads = uowThreads();
        if (threads.isEmpty()) {
            return;
        }
        md.append("## 1. Unit-of-work throughput by strategy\n\n");
        md.append("One unit of work: begin, load a versioned counter by id, increment it, commit. "
                + "Uncontended: each thread its own row. Contended: all threads one row; the lock-free strategies "
                + "retry on a version conflict (retries counted), and every trial checks that no increment was lost.\n\n");
        md.append("> **Predicted** (`UnitOfWorkBenchmark`): at one thread the three Hibernate strategies are within a few "
                + "per cent of each other and raw JDBC is clearly faster; with threads, the locked shared Session stays at "
                + "its one-thread figure while the others gain what two cores allow (at most about 2x).\n\n");
        for (String workload : new String[] {"UNCONTENDED", "CONTENDED"}) {
            md.append("### ").append(workload.charAt(0)).append(workload.substring(1).toLowerCase(Locale.ROOT))
                    .append(", units of work per second\n\n");
            md.append("| strategy |");
            threads.forEach(n -> md.append(" ").append(n).append(n == 1 ? " thread |" : " threads |"));
            md.append("\n| --- |");
            threads.forEach(n -> md.append(" ---: |"));
            md.append('\n');
            for (String strategy : STRATEGIES) {
                md.append("| ").append(LABELS.get(strategy)).append(" |");
                for (int n : threads) {
                    md.append(' ').append(uow(strategy, workload, n).map(r -> r.primary().text()).orElse("–")).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
            if ("CONTENDED".equals(workload)) {
                md.append("Retries per 100 committed units of work (version conflicts, rolled back and run again):\n\n");
                md.append("| strategy |");
                threads.forEach(n -> md.append(" ").append(n).append(" |"));
                md.append("\n| --- |");
                threads.forEach(n -> md.append(" ---: |"));
                md.append('\n');
                for (String strategy : STRATEGIES) {
                    md.append("| ").append(LABELS.get(strategy)).append(" |");
                    for (int n : threads) {
                        md.append(' ').append(uow(strategy, workload, n).map(r -> {
                            Measured retries = r.secondary().get("retries");
                            return retries == null ? "0 (lock)" : num(100 * retries.score() / r.primary().score());
                        }).orElse("–")).append(" |");
                    }
                    md.append('\n');
                }
                md.append('\n');
            }
            String chart = "throughput-" + workload.toLowerCase(Locale.ROOT) + ".png";
            throughputChart(workload, threads, out.resolve(chart));
            md.append("![").append(workload.toLowerCase(Locale.ROOT)).append(" throughput against threads](")
                    .append(chart).append(")\n\n");
            md.append("Scaling, throughput at n threads ÷ 1 thread (interval from the errors):\n\n");
            md.append("| strategy |");
            threads.stream().filter(n -> n > 1).forEach(n -> md.append(" ").append(n).append(" ÷ 1 |"));
            md.append("\n| --- |");
            threads.stream().filter(n -> n > 1).forEach(n -> md.append(" --- |"));
            md.append('\n');
            for (String strategy : STRATEGIES) {
                md.append("| ").append(LABELS.get(strategy)).append(" |");
                Optional<Result> one = uow(strategy, workload, 1);
                for (int n : threads) {
                    if (n > 1) {
                        Optional<Result> many = uow(strategy, workload, n);
                        md.append(' ').append(one.isPresent() && many.isPresent()
                                ? r(many.get().primary(), one.get().primary()) : "–").append(" |");
                    }
                }
                md.append('\n');
            }
            md.append('\n');
            md.append("Each strategy ÷ raw JDBC at the same thread count:\n\n");
            md.append("| strategy |");
            threads.forEach(n -> md.append(" ").append(n).append(" |"));
            md.append("\n| --- |");
            threads.forEach(n -> md.append(" --- |"));
            md.append('\n');
            for (String strategy : new String[] {"lockedSharedSession", "sessionPerThread", "sessionPerOperation"}) {
                md.append("| ").append(LABELS.get(strategy)).append(" |");
                for (int n : threads) {
                    Optional<Result> a = uow(strategy, workload, n);
                    Optional<Result> b = uow("rawJdbc", workload, n);
                    md.append(' ').append(a.isPresent() && b.isPresent() ? r(a.get().primary(), b.get().primary()) : "–")
                            .append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private void sessionCost() throws IOException {
        String[] methods = {"openClose", "openBeginCommitClose", "poolGetConnectionClose"};
        Map<String, String> labels = Map.of(
                "openClose", "open + close a Session",
                "openBeginCommitClose", "open + begin + commit + close",
                "poolGetConnectionClose", "pool `getConnection()` + close");
        if (find(COST, "openClose", 0, null, null).isEmpty()) {
            return;
        }
        md.append("## 2. What a Session costs\n\n");
        md.append("> **Predicted** (`SessionCostBenchmark`): opening and closing a Session costs microseconds, the order of "
                + "borrowing a pooled connection; the empty transaction costs a few times more, which is the connection "
                + "and its JDBC calls, not the Session.\n\n");
        md.append("| operation | time per call | allocated per call | ÷ pool getConnection() |\n| --- | ---: | ---: | --- |\n");
        Optional<Result> pool = find(COST, "poolGetConnectionClose", 0, null, null);
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (String method : methods) {
            Optional<Result> r = find(COST, method, 0, null, null);
            if (r.isEmpty()) {
                continue;
            }
            Measured m = r.get().primary();
            md.append("| ").append(labels.get(method)).append(" | ").append(m.text()).append(' ').append(m.unit())
                    .append(" | ").append(alloc(r.get())).append(" | ")
                    .append(method.equals("poolGetConnectionClose") ? "(the reference)"
                            : pool.isPresent() ? r(m, pool.get().primary()) : "–").append(" |\n");
            data.add(m.score(), Double.isNaN(m.error()) ? 0 : m.error(), "time per call", labels.get(method).replace("`", ""));
        }
        md.append('\n');
        NumberAxis micros = new NumberAxis("µs per call");
        double top = 0;
        for (int i = 0; i < data.getColumnCount(); i++) {
            top = Math.max(top, data.getMeanValue(0, i).doubleValue() + data.getStdDevValue(0, i).doubleValue());
        }
        // Error bars that reach below zero are cut at zero: a time is never negative.
        micros.setRange(0, top * 1.05);
        JFreeChart chart = new JFreeChart("What a Session costs (mean ± 99.9% CI)", JFreeChart.DEFAULT_TITLE_FONT,
                new CategoryPlot(data, new CategoryAxis(), micros, new StatisticalBarRenderer()), false);
        style(chart);
        ChartUtils.saveChartAsPNG(out.resolve("session-cost.png").toFile(), chart, 800, 400);
        md.append("![what a Session costs](session-cost.png)\n\n");
    }

    private void persistenceContext() throws IOException {
        TreeSet<Integer> sizes = contextSizes();
        if (sizes.isEmpty()) {
            return;
        }
        md.append("## 3. The long-lived persistence context\n\n");
        md.append("> **Predicted** (`PersistenceContextBenchmark`): flush cost grows linearly with the managed entities, "
                + "microseconds at 1k and milliseconds at 100k; the auto-flushing query costs the same plus the query, "
                + "while the same query without the auto flush stays flat; loading allocates on the order of a kilobyte per entity.\n\n");
        md.append("| managed entities | flush, nothing dirty | auto-flushing query | same query, NO_FLUSH | load all into a fresh Session | allocated per entity loaded |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int size : sizes) {
            String p = String.valueOf(size);
            md.append(String.format(Locale.ROOT, "| %,d |", size));
            for (String method : new String[] {"flushNothingDirty", "autoFlushQuery", "queryWithoutAutoFlush", "loadIntoFreshSession"}) {
                md.append(' ').append(find(CONTEXT, method, 0, "managed", p)
                        .map(r -> r.primary().text() + " " + r.primary().unit()).orElse("–")).append(" |");
            }
            md.append(' ').append(find(CONTEXT, "loadIntoFreshSession", 0, "managed", p).map(r -> {
                Measured norm = allocation(r);
                return norm == null ? "–" : num(norm.score() / size) + " B";
            }).orElse("–")).append(" |\n");
        }
        md.append('\n');
        if (sizes.size() > 1) {
            int small = sizes.first();
            int big = sizes.last();
            Optional<Result> a = find(CONTEXT, "flushNothingDirty", 0, "managed", String.valueOf(big));
            Optional<Result> b = find(CONTEXT, "flushNothingDirty", 0, "managed", String.valueOf(small));
            if (a.isPresent() && b.isPresent()) {
                md.append(String.format(Locale.ROOT, "Flush at %,d ÷ flush at %,d entities: %s (the size ratio is %,d).%n%n",
                        big, small, r(a.get().primary(), b.get().primary()), big / small));
            }
        }
        md.append("\"Allocated per entity loaded\" is JMH's gc profiler (`gc.alloc.rate.norm` of `loadIntoFreshSession`) ÷ "
                + "the number of entities: everything loading one entity allocates, including short-lived garbage, so it is "
                + "an upper bound for what the context keeps per entity.\n\n");
        contextChart(sizes, out.resolve("flush-cost.png"));
        md.append("![flush cost against context size](flush-cost.png)\n\n");
    }

    private String alloc(Result r) {
        Measured norm = allocation(r);
        return norm == null ? "–" : norm.text() + " B";
    }

    private static Measured allocation(Result r) {
        return r.secondary().entrySet().stream().filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- charts (JFreeChart)

    private void throughputChart(String workload, TreeSet<Integer> threads, Path file) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String strategy : STRATEGIES) {
            YIntervalSeries series = new YIntervalSeries(LABELS.get(strategy));
            for (int n : threads) {
                // Log axis, which cannot show zero: clip an error bar that reaches below a tenth of the score.
                uow(strategy, workload, n).ifPresent(r -> series.add(n, r.primary().score(),
                        Math.max(r.primary().score() / 10, r.primary().low()), r.primary().high()));
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("threads");
        x.setTickUnit(new NumberTickUnit(1));
        x.setRange(0.5, threads.last() + 0.5);
        // Log scale: raw JDBC and the Hibernate strategies differ by an order of magnitude on in-memory H2.
        LogAxis y = new LogAxis("units of work per second (log scale)");
        y.setBase(10);
        y.setSmallestValue(1);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Throughput against threads, " + workload.toLowerCase(Locale.ROOT)
                + " (mean ± 99.9% CI)", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
    }

    private void contextChart(TreeSet<Integer> sizes, Path file) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("flushNothingDirty", "flush, nothing dirty");
        labels.put("autoFlushQuery", "auto-flushing query");
        labels.put("queryWithoutAutoFlush", "same query, NO_FLUSH");
        for (Map.Entry<String, String> method : labels.entrySet()) {
            YIntervalSeries series = new YIntervalSeries(method.getValue());
            for (int size : sizes) {
                find(CONTEXT, method.getKey(), 0, "managed", String.valueOf(size)).ifPresent(r -> {
                    Measured m = r.primary();
                    // A log axis cannot show zero: clip an error bar that reaches below a tenth of the score.
                    series.add(size, m.score(), Math.max(m.score() / 10, m.low()), m.high());
                });
            }
            data.addSeries(series);
        }
        LogAxis x = new LogAxis("managed entities (log scale)");
        x.setBase(10);
        x.setSmallestValue(100);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        x.setRange(sizes.first() / 2.0, sizes.last() * 2.0);
        LogAxis y = new LogAxis("µs per call (log scale)");
        y.setBase(10);
        y.setSmallestValue(0.01);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Cost against persistence context size (mean ± 99.9% CI)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
    }

    /** One colour per series, in series order, readable on white. */
    private static final Color[] COLOURS = {
        new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x7F7F7F)};

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (int i = 0; i < xy.getSeriesCount(); i++) {
                xy.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
                xy.getRenderer().setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            }
        } else if (chart.getPlot() instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
            category.getRenderer().setSeriesPaint(0, COLOURS[1]);
        }
    }

    // ---------------------------------------------------------------- numbers

    private int ratios;
    private int ratiosShowingADifference;

    /** {@link #ratio} and a tally (the five figures repeat ratios of the tables, so they are not counted twice) of how many ratios of this report show a difference at all. */
    private String r(Measured a, Measured b) {
        String text = ratio(a, b);
        ratios++;
        if (text.endsWith("higher)") || text.endsWith("lower)")) {
            ratiosShowingADifference++;
        }
        return text;
    }

    /** a ÷ b with the interval the errors allow, and what it shows. */
    static String ratio(Measured a, Measured b) {
        double r = a.score() / b.score();
        if (Double.isNaN(a.error()) || Double.isNaN(b.error())) {
            return num(r) + " (no error estimate: too few iterations)";
        }
        // A lower bound below zero means "could be nothing at all": clip it to 0.
        double low = Math.max(0, a.low()) / b.high();
        String high = b.low() > 0 ? num(a.high() / b.low()) : "∞";
        double highValue = b.low() > 0 ? a.high() / b.low() : Double.POSITIVE_INFINITY;
        String verdict = low > 1 ? "higher" : highValue < 1 ? "lower" : "no difference shown";
        return num(r) + " (" + num(low) + " – " + high + ", " + verdict + ")";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

}

package dev.sharedsession.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.openjdk.jmh.util.ListStatistics;

/**
 * JMH's JSON read back: every result with its error, the run settings JMH wrote beside them, and
 * the look-ups the report and the charts make ({@link Report}, {@link Charts}).
 */
final class Results {

    static final String UOW = UnitOfWorkBenchmark.class.getName() + ".";
    static final String COST = SessionCostBenchmark.class.getName() + ".";
    static final String CONTEXT = PersistenceContextBenchmark.class.getName() + ".";
    static final String GUARD_PAIR = GuardCostBenchmark.class.getName() + ".pair";

    /** The unit-of-work benchmark's strategies, in the order of every table and chart, and their names on the page. */
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

    /**
     * One JMH result; {@code secondaryRaw} holds each secondary metric's values as JMH wrote them,
     * per fork, per measured iteration.
     */
    record Result(String benchmark, int threads, Map<String, String> params, Measured primary,
                  Map<String, Measured> secondary, Map<String, List<List<Double>>> secondaryRaw) {
        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }
    }

    /** Run settings JMH wrote into the JSON (the same for every entry of one run). */
    record JsonFacts(int forks, String jvmArgs, String jmh, String warmup, String measurement) {
    }

    private final List<Result> entries;
    private final JsonFacts facts;

    private Results(List<Result> entries, JsonFacts facts) {
        this.entries = entries;
        this.facts = facts;
    }

    /** Reads JMH's JSON results file. */
    static Results read(Path json) throws IOException, NotResults {
        return new Results(entries(json), facts(json));
    }

    /** Run settings JMH wrote into the JSON. */
    JsonFacts facts() {
        return facts;
    }

    static List<Result> entries(Path json) throws IOException, NotResults {
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
                Map<String, List<List<Double>>> secondaryRaw = new LinkedHashMap<>();
                if (o.has("secondaryMetrics")) {
                    o.getAsJsonObject("secondaryMetrics").entrySet().forEach(e -> {
                        String name = e.getKey().replace("\u00b7", "");
                        secondary.put(name, measured(e.getValue().getAsJsonObject()));
                        secondaryRaw.put(name, raw(e.getValue().getAsJsonObject()));
                    });
                }
                list.add(new Result(o.get("benchmark").getAsString(), o.get("threads").getAsInt(), params,
                        measured(o.getAsJsonObject("primaryMetric")), secondary, secondaryRaw));
            }
        } catch (RuntimeException e) {
            throw new NotResults("an entry lacks benchmark, threads or primaryMetric");
        }
        if (list.isEmpty()) {
            throw new NotResults("no results in it");
        }
        return list;
    }

    static JsonFacts facts(Path json) throws IOException, NotResults {
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

    /** A metric's rawData: per fork, the value of each measured iteration (empty if JMH wrote none). */
    private static List<List<Double>> raw(JsonObject metric) {
        List<List<Double>> forks = new ArrayList<>();
        if (metric.has("rawData")) {
            for (JsonElement fork : metric.getAsJsonArray("rawData")) {
                List<Double> iterations = new ArrayList<>();
                fork.getAsJsonArray().forEach(v -> iterations.add(number(v)));
                forks.add(iterations);
            }
        }
        return forks;
    }

    private static double number(JsonElement e) {
        // JMH writes "NaN" (a string) when it has no error estimate.
        return e == null || e.isJsonNull() ? Double.NaN : Double.parseDouble(e.getAsString());
    }

    // ---------------------------------------------------------------- finding numbers

    Optional<Result> find(String prefix, String method, int threads, String paramName, String paramValue) {
        return entries.stream()
                .filter(r -> r.benchmark().equals(prefix + method))
                .filter(r -> threads <= 0 || r.threads() == threads)
                .filter(r -> paramName == null || paramValue.equals(r.params().get(paramName)))
                .findFirst();
    }

    /**
     * A unit-of-work parameter of a result; results of runs from before it existed (the committed
     * report's first run) lacked it, and ran at its default: H2, no network, no guard.
     */
    static String param(Result r, String name) {
        String value = r.params().get(name);
        return value != null ? value : switch (name) {
            case "db" -> "h2";
            case "rttMs" -> "0";
            case "guard" -> "off";
            default -> null;
        };
    }

    /** Whether two round-trip times are the same number ("1" and "1.0" are). */
    static boolean sameRtt(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
    }

    private java.util.stream.Stream<Result> uowEntries(String db, String rtt, String workload, String guard) {
        return entries.stream()
                .filter(r -> r.benchmark().startsWith(UOW))
                .filter(r -> db.equals(param(r, "db")) && sameRtt(rtt, param(r, "rttMs")) && guard.equals(param(r, "guard")))
                .filter(r -> workload.equals(r.params().get("workload")));
    }

    /** One strategy's result on {@code db} at {@code rtt} ms, without the session guard. */
    Optional<Result> uow(String db, String rtt, String workload, String strategy, int threads) {
        return guarded(db, rtt, workload, strategy, "off", threads);
    }

    Optional<Result> guarded(String db, String rtt, String workload, String strategy, String guard, int threads) {
        return uowEntries(db, rtt, workload, guard)
                .filter(r -> r.method().equals(strategy) && r.threads() == threads)
                .findFirst();
    }

    /**
     * The session guard's paired measurement at {@code threads} ({@link GuardCostBenchmark}): per
     * measured iteration, the mean time of a unit of work without the guard ÷ with it (throughput
     * on ÷ off); their mean with JMH's own 99.9% interval; the mean times; the share of halves left out.
     */
    record GuardPairs(String policy, int threads, List<List<Double>> ratiosPerFork, Measured ratio,
                      double offMicros, double onMicros, double offLeftOutShare, double onLeftOutShare) {
    }

    Optional<GuardPairs> guardPairs(int threads) {
        return guarded().filter(r -> r.threads() == threads).findFirst().map(Results::guardPairs);
    }

    /** The thread counts the guard's pairs were measured at. */
    TreeSet<Integer> guardPairThreads() {
        TreeSet<Integer> threads = new TreeSet<>();
        guarded().forEach(r -> threads.add(r.threads()));
        return threads;
    }

    /** The guard's pairs with a guard on one side: not the control (guard=off, neither side guarded). */
    private java.util.stream.Stream<Result> guarded() {
        return entries.stream().filter(r -> r.benchmark().equals(GUARD_PAIR) && !"off".equals(r.params().get("guard")));
    }

    private static GuardPairs guardPairs(Result r) {
        Map<String, List<List<Double>>> raw = r.secondaryRaw();
        List<List<Double>> offNanos = raw.get("offNanos");
        List<List<Double>> onNanos = raw.get("onNanos");
        List<List<Double>> offUnits = raw.get("offUnits");
        List<List<Double>> onUnits = raw.get("onUnits");
        List<List<Double>> perFork = new ArrayList<>();
        ListStatistics all = new ListStatistics();
        for (int fork = 0; fork < offNanos.size(); fork++) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < offNanos.get(fork).size(); i++) {
                // Every counter is per second of the same iteration: the scale cancels in each quotient.
                double off = offNanos.get(fork).get(i) / offUnits.get(fork).get(i);
                double on = onNanos.get(fork).get(i) / onUnits.get(fork).get(i);
                ratios.add(off / on);
                all.addValue(off / on);
            }
            perFork.add(ratios);
        }
        // JMH's own statistics, so the interval is computed as every other error in the report is.
        double error = all.getN() > 1 ? all.getMeanErrorAt(0.999) : Double.NaN;
        double offKept = sum(offUnits);
        double onKept = sum(onUnits);
        double offLeft = sum(raw.get("offLeftOut"));
        double onLeft = sum(raw.get("onLeftOut"));
        return new GuardPairs(r.params().getOrDefault("guard", "confined"), r.threads(), perFork,
                new Measured(all.getMean(), error, ""), sum(offNanos) / offKept / 1000, sum(onNanos) / onKept / 1000,
                offLeft / (offLeft + offKept), onLeft / (onLeft + onKept));
    }

    private static double sum(List<List<Double>> values) {
        return values.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).sum();
    }

    /** The thread counts measured on {@code db} at {@code rtt} with this workload (without the guard). */
    TreeSet<Integer> uowThreads(String db, String rtt, String workload) {
        TreeSet<Integer> threads = new TreeSet<>();
        uowEntries(db, rtt, workload, "off").forEach(r -> threads.add(r.threads()));
        return threads;
    }

    /** The databases the unit-of-work benchmark ran on, in the order of the results. */
    List<String> uowDatabases() {
        return entries.stream().filter(r -> r.benchmark().startsWith(UOW)).map(r -> param(r, "db")).distinct().toList();
    }

    /** The round-trip times measured (ms, as JMH wrote them), smallest first. */
    List<String> uowRtts() {
        List<String> rtts = new ArrayList<>();
        entries.stream().filter(r -> r.benchmark().startsWith(UOW)).map(r -> param(r, "rttMs"))
                .filter(rtt -> rtts.stream().noneMatch(known -> sameRtt(known, rtt))).forEach(rtts::add);
        rtts.sort(java.util.Comparator.comparing(BigDecimal::new));
        return rtts;
    }

    /** Every unit-of-work result with a network (RTT above 0), for the achieved-delay table. */
    List<Result> uowWithNetwork() {
        return entries.stream().filter(r -> r.benchmark().startsWith(UOW))
                .filter(r -> new BigDecimal(param(r, "rttMs")).signum() > 0).toList();
    }

    TreeSet<Integer> contextSizes() {
        TreeSet<Integer> sizes = new TreeSet<>();
        entries.stream().filter(r -> r.benchmark().startsWith(CONTEXT))
                .forEach(r -> sizes.add(Integer.parseInt(r.params().get("managed"))));
        return sizes;
    }

    /** JMH's gc profiler's bytes allocated per operation, or null if the run had no gc profiler. */
    static Measured allocation(Result r) {
        return r.secondary().entrySet().stream().filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** How every number of the report is written: about three significant digits. */
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

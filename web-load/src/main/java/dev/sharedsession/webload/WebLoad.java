package dev.sharedsession.webload;

import dev.sharedsession.database.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lab web}: the web application under load, broken and safe side by side. For each side it
 * starts the shop in a JVM of its own on a free port of 127.0.0.1, warms it up, then for each client
 * count runs the load generator ({@link LoadGenerator}, a JVM of its own too) and, once the shop's
 * background work has settled, audits the database ({@link Audit}); then stops the shop. Prints
 * requests per second, p50 and p99, 5xx, and what the audit found (receipts; then traps 3 to 5 in
 * a section of their own), side by side, and a chart of
 * throughput and p99 against clients. The numbers are measurements of this run on this machine.
 */
@Command(name = "./lab web", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "./lab web (web-load 1.0.0-SNAPSHOT)",
        description = {
            "Puts the shop of spring-web-app under load, the broken version and the safe one, each on a real "
                + "server bound to 127.0.0.1, the load from a separate JVM: N clients at a time, each waiting for "
                + "its answer before sending the next request (" + "%s" + "). Then audits the "
                + "database: every order acknowledged with a 2xx must have exactly one receipt, and no receipt "
                + "may name an order the client was not told succeeded (traps 1 and 2); every shipment must end at "
                + "the last address acknowledged (trap 3); no stock may be reserved for an order that does not exist, "
                + "and an acknowledged order of 500.00 or more needs exactly one reservation (trap 4); a receipt "
                + "asked for with a 202 must be there (trap 5).",
            ""},
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the safe side's audit found nothing wrong and it answered no 5xx",
            "1:the run could not be done (the shop or the load generator failed, output unwritable)",
            "2:bad command line, a busy port, or a database that cannot be reached",
            "3:the safe side went wrong (a bug in the fix: please report it)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab web                                  both sides; 1, 4 and 16 clients",
            "  ./lab web --clients 1,2 --requests 200     smaller",
            "  ./lab web --side broken --db postgresql    one side, on the local PostgreSQL",
            "  ./lab web --format json --output web.json --chart web.png"})
public final class WebLoad {

    static final int DEFAULT_REQUESTS = 600;
    static final int MAX_CLIENTS = 64;
    static final int MAX_REQUESTS = 100_000;
    /** The JVMs this command started and has not yet seen end: ended on Ctrl-C or kill, and only they. */
    private static final ConcurrentLinkedQueue<Process> STARTED = new ConcurrentLinkedQueue<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(process -> {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }), "web-load-cleanup"));
    }

    /** Output formats; {@code text} is another name for {@code table}. */
    enum Format { table, text, markdown, json }

    /** {@code both}: broken and safe; {@code all}: those two and the durable one. */
    enum Sides { broken, safe, durable, both, all }

    @Option(names = {"-c", "--clients"}, paramLabel = "N", split = ",", defaultValue = "1,4,16",
            description = "Client counts, each a step of the load (default: 1,4,16; at most " + MAX_CLIENTS + ").")
    List<Integer> clients;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", defaultValue = "" + DEFAULT_REQUESTS,
            description = "Requests per client count and side, shared by the clients (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest a step's load may run, whatever --requests says (default: ${DEFAULT-VALUE}).")
    int timeLimitSeconds;

    @Option(names = "--side", paramLabel = "SIDE", defaultValue = "all",
            description = "broken, safe, durable (the safe shop with its receipts as jobs, worker JVMs, one killed per step),"
                    + " both (broken and safe) or all (default).")
    Sides side;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The shop's port on 127.0.0.1 (default: a free one).")
    int port;

    @CommandLine.Mixin
    DatabaseOptions databaseOptions;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default; also: text), markdown or json.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the result to FILE instead of the terminal.")
    Path output;

    @Option(names = "--chart", paramLabel = "FILE.png", description = "Also draw throughput and p99 against clients into a PNG.")
    Path chart;

    static final Database.Switches DATABASE_OPTIONS = new Database.Switches("--db", "--db-url", "--db-user");

    /** The durable side's worker JVMs: how many started with each step. */
    static final int WORKERS = 2;

    /**
     * One step: a side at a client count, what the clients saw and what the audit found; for the
     * durable side, the worker JVMs killed during it and the jobs found dead and run again.
     */
    record Step(Side side, int clients, LoadResult load, Audit.Counts audit, int workersKilled, long jobsRunAgain) {

        Step(Side side, int clients, LoadResult load, Audit.Counts audit) {
            this(side, clients, load, audit, 0, 0);
        }
    }

    public static void main(String[] args) {
        LabCommand.exit("web", () -> execute(args, System.out, System.err));
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        WebLoad command = new WebLoad();
        CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        String[] description = line.getCommandSpec().usageMessage().description();
        description[0] = description[0].replace("%s", RequestKind.mix().replace("%", "%%"));
        line.getCommandSpec().usageMessage().description(description);
        return LabCommand.execute("web", line, args, command::check, command::run, out, err);
    }

    /**
     * What is wrong with this command line ({@code ./lab web} without the {@code web}), or empty if
     * nothing: parses and checks, never runs anything, so that docs-check can vouch for every
     * {@code ./lab web ...} written in the docs.
     */
    public static Optional<String> problemWith(String... args) {
        return LabCommand.problemWith(() -> parse(args));
    }

    /** The command line parsed and checked as {@code ./lab web} does; throws what it refuses. */
    private static WebLoad parse(String... args) {
        WebLoad command = new WebLoad();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        command.check();
        return command;
    }

    /**
     * What {@code ./lab web args} ({@code args} without the {@code web}) would print, with made-up
     * counts: its format only, for docs-check to hold a quoted run against. The broken side goes
     * wrong where real runs see it go wrong (receipts lost without a failure told, addresses lost,
     * stock reserved for no order, receipts asked for never written) and the safe side nowhere, so
     * that the verdicts take the branches a real run's take. The database is H2's label, whatever
     * {@code --db} says (describing a server needs a connection).
     */
    public static String format(List<String> args) {
        WebLoad command = parse(args.toArray(String[]::new));
        List<Step> steps = new ArrayList<>();
        for (Side each : command.sides()) {
            boolean broken = each == Side.BROKEN;
            for (int count : command.clients) {
                Map<RequestKind, LoadResult.Tally> kinds = new EnumMap<>(RequestKind.class);
                for (RequestKind kind : RequestKind.values()) {
                    Histogram latencies = LoadResult.newHistogram();
                    latencies.recordValueWithCount(10_000L * count, 9);
                    latencies.recordValue(50_000L * count);
                    kinds.put(kind, new LoadResult.Tally(10, kind == RequestKind.LARGE_ORDER ? 3 : 0, 0, 0, latencies));
                }
                LoadResult load = new LoadResult(1_000_000_000L, kinds, List.of());
                Audit.Traps traps = new Audit.Traps(8, broken ? 3 : 0, 4, broken ? 3 : 0, 0, 6, broken ? 5 : 0);
                Audit.Counts audit = new Audit.Counts(40, broken ? 10 : 40, broken ? 30 : 0, broken ? 30 : 0, 0, 0, 0, 0,
                        0, broken ? 35 : 0, 0, traps);
                steps.add(new Step(each, count, load, audit, each == Side.DURABLE ? 1 : 0, each == Side.DURABLE ? 1 : 0));
            }
        }
        return command.render(new WebReport(DatabaseOptions.H2_LABEL, command.clients, command.requests, command.sides(), steps,
                Duration.ofSeconds(75)));
    }

    private void check() {
        databaseOptions.check();
        if (clients.isEmpty() || clients.stream().anyMatch(count -> count < 1 || count > MAX_CLIENTS)) {
            throw new IllegalArgumentException("--clients takes counts from 1 to " + MAX_CLIENTS + ", e.g. --clients 1,4,16");
        }
        clients = List.copyOf(new LinkedHashSet<>(clients));
        if (requests < 1 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException("--requests must be from 1 to " + MAX_REQUESTS + ", not " + requests);
        }
        if (timeLimitSeconds < 1 || timeLimitSeconds > 600) {
            throw new IllegalArgumentException("--time-limit must be from 1 to 600 seconds, not " + timeLimitSeconds);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be from 1 to 65535 (or 0: a free one), not " + port);
        }
        if (chart != null && !chart.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--chart writes a PNG: name a .png file, e.g. --chart web.png");
        }
    }

    private int run(PrintStream out, PrintStream err) {
        checkWritable(output);
        checkWritable(chart);
        if (port != 0) {
            checkPortFree(port);
        }
        Database.Settings chosen = databaseOptions.chosen("web");
        String databaseLabel = DatabaseOptions.label(chosen);
        Path project = Path.of(System.getProperty("webload.project", "")).toAbsolutePath();
        String shopClassPath = ShopProcess.classPath(project);
        long started = System.nanoTime();
        List<Side> sides = sides();
        List<Step> steps = new ArrayList<>();
        try (ShopPlace place = ShopPlace.open(chosen)) {
            for (Side each : sides) {
                steps.addAll(runSide(each, place, shopClassPath, err));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        WebReport report = new WebReport(databaseLabel, clients, requests, sides, steps, took);
        String text = render(report);
        if (output == null) {
            out.print(text);
            out.flush();
        } else {
            write(output, text);
            err.println("web: wrote " + output);
        }
        if (chart != null) {
            WebChart.write(chart, clients, sides, steps);
            err.println("web: drew " + chart);
        }
        return report.safeWentWrong() ? 3 : 0;
    }

    private List<Side> sides() {
        return switch (side) {
            case broken -> List.of(Side.BROKEN);
            case safe -> List.of(Side.SAFE);
            case durable -> List.of(Side.DURABLE);
            case both -> List.of(Side.BROKEN, Side.SAFE);
            case all -> List.of(Side.BROKEN, Side.SAFE, Side.DURABLE);
        };
    }

    private String render(WebReport report) {
        return switch (format) {
            case table, text -> report.table();
            case markdown -> report.markdown();
            case json -> report.json();
        };
    }

    private List<Step> runSide(Side each, ShopPlace place, String shopClassPath, PrintStream err) {
        Database.Settings database = place.forSide(each);
        int shopPort = port != 0 ? port : ShopPlace.freePort();
        err.println("web: starting the " + each.word() + " shop on 127.0.0.1:" + shopPort + "...");
        List<Step> steps = new ArrayList<>();
        // Every JVM of the side, live or killed: their logs count the background failures.
        List<ShopProcess> jvms = new ArrayList<>();
        try (ShopProcess shop = ShopProcess.start(each, shopClassPath, shopPort, database, STARTING)) {
            jvms.add(shop);
            try {
                ShopPlace.seed(database);
            } catch (SQLException e) {
                throw new WebLoadFailure(1, "cannot add the load's customers to the " + each.word() + " shop's database: "
                        + e.getMessage());
            }
            Deque<ShopProcess> workers = new ArrayDeque<>();
            if (each == Side.DURABLE) {
                err.println("web: starting " + WORKERS + " worker JVMs of the durable shop...");
                workers.addAll(startWorkers(WORKERS, 1, shopClassPath, database));
                jvms.addAll(workers);
            }
            Audit.Told told = Audit.Told.empty();
            // A warm-up, so that the first step does not measure the JIT: audited, not reported.
            int warmUp = Math.min(requests, 100);
            told.add(LoadProcess.run(shop.base(), clients.stream().max(Integer::compare).orElse(1), warmUp,
                    timeLimitSeconds, 0));
            Audit.Counts before = settle(shop, jvms, database, told);
            long runAgainBefore = jvms.stream().mapToLong(ShopProcess::deadJobsFound).sum();
            for (int count : clients) {
                err.println("web: " + each.word() + ", " + count + (count == 1 ? " client" : " clients") + "...");
                LoadResult load;
                int killed = 0;
                if (each == Side.DURABLE) {
                    // One worker dies during the step, as a crash would (SIGKILL): half-way through the
                    // step's expected time, at the first moment it holds a claimed job, if it does.
                    ShopProcess doomed = workers.removeFirst();
                    AtomicBoolean loadDone = new AtomicBoolean();
                    Thread killer = new Thread(() -> killHolding(doomed, database, killAfter(count), loadDone), "web-load-killer");
                    killer.start();
                    try {
                        load = LoadProcess.run(shop.base(), count, requests, timeLimitSeconds, count);
                    } finally {
                        loadDone.set(true);
                        join(killer);
                    }
                    killed = 1;
                } else {
                    load = LoadProcess.run(shop.base(), count, requests, timeLimitSeconds, count);
                }
                told.add(load);
                elapsed.put(count, Duration.ofNanos(load.elapsedNanos()));
                Audit.Counts after = settle(shop, jvms, database, told);
                long runAgain = jvms.stream().mapToLong(ShopProcess::deadJobsFound).sum();
                steps.add(new Step(each, count, load, after.minus(before), killed, runAgain - runAgainBefore));
                before = after;
                runAgainBefore = runAgain;
                if (killed > 0 && count != clients.get(clients.size() - 1)) {
                    ShopProcess replacement = startWorkers(1, jvms.size(), shopClassPath, database).get(0);
                    workers.addLast(replacement);
                    jvms.add(replacement);
                }
            }
        } finally {
            jvms.forEach(ShopProcess::close);
            STARTED.removeIf(process -> !process.isAlive());
        }
        return steps;
    }

    static final Duration STARTING = Duration.ofSeconds(90);
    /** How long each client count's load took on the side that ran last. */
    private final Map<Integer, Duration> elapsed = new HashMap<>();

    /** Worker JVMs numbered from {@code first}, started side by side. */
    static List<ShopProcess> startWorkers(int howMany, int first, String classPath, Database.Settings database) {
        List<CompletableFuture<ShopProcess>> starting = new ArrayList<>();
        for (int i = 0; i < howMany; i++) {
            int number = first + i;
            starting.add(CompletableFuture.supplyAsync(() -> ShopProcess.startWorker(number, classPath, database, STARTING)));
        }
        List<ShopProcess> workers = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<ShopProcess> each : starting) {
            try {
                workers.add(each.join());
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        if (failure != null) {
            workers.forEach(ShopProcess::close);
            throw failure;
        }
        return workers;
    }

    /** Half the time the same step's load took on the side before (safe), or half a second. */
    private Duration killAfter(int count) {
        return elapsed.getOrDefault(count, Duration.ofSeconds(1)).dividedBy(2);
    }

    /** Kills the worker after {@code after}, once it holds a claimed job or once the load is done. */
    private static void killHolding(ShopProcess worker, Database.Settings database, Duration after, AtomicBoolean loadDone) {
        long from = System.nanoTime() + after.toNanos();
        while (System.nanoTime() < from && !loadDone.get()) {
            ShopProcess.sleep(10);
        }
        try {
            while (!loadDone.get()
                    && Audit.jobsClaimedBy(database.url(), database.user(), database.password(), worker.claimer()) == 0) {
                ShopProcess.sleep(5);
            }
        } catch (SQLException e) {
            // the audit will say what the database holds; the worker dies now
        } finally {
            worker.kill();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the shop's background work has stopped writing (the same rows and log three
     * polls in a row, 300 ms apart, and no job left in the durable side's table; at most 15 s, or
     * 60 s while jobs are left: a dead worker's job waits 2 s before another JVM takes it), then
     * audits everything so far.
     */
    private static Audit.Counts settle(ShopProcess shop, List<ShopProcess> jvms, Database.Settings database, Audit.Told told) {
        Audit.Counts last = null;
        int same = 0;
        long started = System.nanoTime();
        while (true) {
            if (!shop.alive()) {
                throw new WebLoadFailure(1, "the shop's JVM ended during the run");
            }
            Audit.Counts now;
            long jobsLeft;
            try {
                jobsLeft = Audit.jobsLeft(database.url(), database.user(), database.password());
                now = Audit.classify(told, Audit.read(database.url(), database.user(), database.password()),
                        jvms.stream().mapToLong(ShopProcess::failuresLogged).sum());
            } catch (SQLException e) {
                throw new WebLoadFailure(1, "the audit cannot read the shop's database: " + LabCommand.oneLine(e.getMessage()));
            }
            same = now.equals(last) ? same + 1 : 0;
            last = now;
            long waited = System.nanoTime() - started;
            if (same >= 2 && jobsLeft == 0 || waited > TimeUnit.SECONDS.toNanos(jobsLeft == 0 ? 15 : 60)) {
                return now;
            }
            ShopProcess.sleep(300);
        }
    }

    /** The java that runs this JVM, for the JVMs it starts. */
    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Remembered until it ends, so that Ctrl-C or a kill of this JVM ends it too. */
    static void started(Process process) {
        STARTED.add(process);
    }

    private static void checkPortFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.getLocalPort();
        } catch (IOException e) {
            throw new WebLoadFailure(2, "port " + port + " on 127.0.0.1 is busy: choose another with --port,"
                    + " or leave --port out for a free one");
        }
    }

    private static void checkWritable(Path file) {
        if (file == null) {
            return;
        }
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new WebLoadFailure(1, "cannot write " + file + ": it is a directory; name a file");
        }
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw new WebLoadFailure(1, "cannot write " + file + ": there is no directory " + absolute.getParent());
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot write " + file + ": " + e.getMessage());
        }
    }

    static String joined(List<Integer> numbers) {
        return numbers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}

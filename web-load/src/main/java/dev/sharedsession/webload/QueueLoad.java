package dev.sharedsession.webload;

import dev.sharedsession.database.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lab queue}: the safe shop's durable queue (receipts as db-scheduler jobs) measured on this
 * machine, in three parts.
 * <ol>
 * <li>Jobs per second with 1, 2 and 4 worker JVMs: for each count a fresh database, a durable web
 *     application that claims no job ({@code --db-scheduler.enabled=false}) takes N orders, so N jobs
 *     wait; then the workers start side by side and drain them. The rate is read from the receipts'
 *     {@code issued_at}, between the 10th and the 90th percentile, so that the JVMs' start-up is left out.</li>
 * <li>Order to receipt under a steady load: the web application claiming too, with the last count's
 *     workers; orders sent at a fixed rate, each timed from its {@code POST /orders} to its receipt's
 *     {@code issued_at} (one machine, one clock).</li>
 * <li>A worker killed (SIGKILL) while it holds a claimed job: the time from its death to that job's
 *     receipt, written by another JVM once the job is found dead (500 ms beats, 4 missed).</li>
 * </ol>
 * Every order placed is audited: exactly one receipt each, counted. The numbers are measurements of
 * this run on this machine.
 */
@Command(name = "./lab queue", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "./lab queue (web-load 1.0.0-SNAPSHOT)",
        description = {
            "Measures the safe shop's durable queue (each receipt a db-scheduler job, claimed by any JVM of the shop):"
                + " jobs per second with 1, 2 and 4 worker JVMs draining a backlog; order-to-receipt latency under a"
                + " steady load; and the time from a worker's death (SIGKILL, holding a job) to that job's receipt,"
                + " written by another JVM. Every order is audited: exactly one receipt each.",
            ""},
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:measured, and every order has exactly one receipt",
            "1:the run could not be done (a JVM of the shop failed to start or ended)",
            "2:bad command line, or a database that cannot be reached",
            "3:an order lost its receipt or got two (a bug in the durable mode: please report it)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab queue                                 1, 2 and 4 workers; 1000 jobs",
            "  ./lab queue --workers 1,2 --jobs 500        smaller",
            "  ./lab queue --db postgresql --format json   on the local PostgreSQL, as JSON"})
public final class QueueLoad {

    static final int MAX_WORKERS = 8;
    static final int MAX_JOBS = 100_000;
    /** Client threads placing a backlog or a burst of orders, each waiting for its answer. */
    static final int PLACERS = 4;
    /** Kills that find the worker holding nothing at its death, tried again at most this many times in all. */
    static final int MAX_MISSES = 5;
    /** The heartbeat of application-durable.properties: what the death measurements are held against. */
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final int MISSED_BEATS = 4;
    /** Longest a backlog, a load's jobs or a dead job may take to be done before the run gives up. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);

    enum Format { table, text, json }

    @Option(names = {"-w", "--workers"}, paramLabel = "N", split = ",", defaultValue = "1,2,4",
            description = "Worker JVM counts, each draining a backlog of its own (default: 1,2,4; at most " + MAX_WORKERS + ").")
    List<Integer> workers;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1000",
            description = "Orders placed before each count's workers start, so jobs waiting (default: ${DEFAULT-VALUE}; 20 to "
                    + MAX_JOBS + ").")
    int jobs;

    @Option(names = "--rate", paramLabel = "PER-SECOND", defaultValue = "40",
            description = "Orders per second sent for the latency, whatever the answers take (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long the latency's load runs (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--deaths", paramLabel = "N", defaultValue = "3",
            description = "Workers killed (SIGKILL) while holding a job, one after another (default: ${DEFAULT-VALUE}; 0: none).")
    int deaths;

    @CommandLine.Mixin
    DatabaseOptions databaseOptions;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default; also: text) or json.")
    Format format;

    /** Part 1, one worker count: the backlog, what drained it and how fast. */
    record Drain(int workers, int placed, long waiting, Receipts receipts, double jobsPerSecond, double middleSeconds,
                 double allSeconds) {
    }

    /** Part 2: the orders sent at a fixed rate and their order-to-receipt times, in microseconds. */
    record Latency(int rate, int seconds, int workers, int sent, Receipts receipts, Histogram micros) {
    }

    /** Part 3, one death: the worker, the orders whose jobs it died holding, and each one's receipt after the death. */
    record Death(int number, String worker, List<Long> held, List<Duration> receiptAfter, int writtenBeforeDeath) {
    }

    /**
     * The audit of some orders: {@code placed} acknowledged with a 201, {@code withOne} of them with
     * exactly one receipt, {@code lost} with none, {@code duplicate} with two or more.
     */
    record Receipts(long placed, long withOne, long lost, long duplicate) {

        static Receipts of(Collection<Long> orders, Map<Long, List<Instant>> times) {
            long one = 0;
            long none = 0;
            long more = 0;
            for (long order : orders) {
                int count = times.getOrDefault(order, List.of()).size();
                if (count == 0) {
                    none++;
                } else if (count == 1) {
                    one++;
                } else {
                    more++;
                }
            }
            return new Receipts(orders.size(), one, none, more);
        }

        boolean wrong() {
            return lost > 0 || duplicate > 0;
        }
    }

    public static void main(String[] args) {
        LabCommand.exit("queue", () -> execute(args, System.out, System.err));
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        QueueLoad command = new QueueLoad();
        CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        return LabCommand.execute("queue", line, args, command::check, command::run, out, err);
    }

    /**
     * What is wrong with this command line ({@code ./lab queue} without the {@code queue}), or empty
     * if nothing: parses and checks, runs nothing, so that docs-check can vouch for every
     * {@code ./lab queue ...} in the docs.
     */
    public static Optional<String> problemWith(String... args) {
        return LabCommand.problemWith(() -> parse(new QueueLoad(), args));
    }

    private static CommandLine parse(QueueLoad command, String... args) {
        CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        line.parseArgs(args);
        command.check();
        return line;
    }

    private void check() {
        databaseOptions.check();
        if (workers.isEmpty() || workers.stream().anyMatch(count -> count < 1 || count > MAX_WORKERS)) {
            throw new IllegalArgumentException("--workers takes counts from 1 to " + MAX_WORKERS + ", e.g. --workers 1,2,4");
        }
        workers = List.copyOf(new LinkedHashSet<>(workers));
        if (jobs < 20 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("--jobs must be from 20 to " + MAX_JOBS + ", not " + jobs);
        }
        if (rate < 1 || rate > 500) {
            throw new IllegalArgumentException("--rate must be from 1 to 500 orders per second, not " + rate);
        }
        if (seconds < 1 || seconds > 120) {
            throw new IllegalArgumentException("--seconds must be from 1 to 120, not " + seconds);
        }
        if (deaths < 0 || deaths > 10) {
            throw new IllegalArgumentException("--deaths must be from 0 to 10, not " + deaths);
        }
    }

    private int run(PrintStream out, PrintStream err) {
        Database.Settings chosen = databaseOptions.chosen("queue");
        String databaseLabel = DatabaseOptions.label(chosen);
        String classPath = ShopProcess.classPath(Path.of(System.getProperty("webload.project", "")).toAbsolutePath());
        long started = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Drain> drains = new ArrayList<>();
        Latency latency;
        List<Death> died = new ArrayList<>();
        int misses;
        Receipts bursts;
        // Every JVM started, closed at the end whatever happens.
        List<ShopProcess> jvms = new ArrayList<>();
        try (ShopPlace place = ShopPlace.open(chosen)) {
            Deque<ShopProcess> live = new ArrayDeque<>();
            Database.Settings database = null;
            for (int i = 0; i < workers.size(); i++) {
                // The JVMs of the count before are done with: only the last count's stay, for parts 2 and 3.
                jvms.forEach(ShopProcess::close);
                jvms.clear();
                int count = workers.get(i);
                database = place.fresh("queue_" + (i + 1));
                err.println("queue: " + count + (count == 1 ? " worker" : " workers") + ": placing " + jobs + " orders...");
                drains.add(drain(count, database, classPath, http, jvms, live));
            }
            // Part 2 on the last count's database and workers: a web application that claims too, instead of the one that did not.
            err.println("queue: order to receipt, " + rate + " orders/s for " + seconds + " s...");
            jvms.remove(0).close();
            ShopProcess shop = startShop(classPath, database, "--spring.jpa.hibernate.ddl-auto=none");
            jvms.add(shop);
            latency = latency(shop.base(), http, database, live.size());
            Bursts burst = new Bursts(database, shop.base(), http);
            misses = 0;
            int nextWorker = live.size() + 1;
            while (died.size() < deaths && misses <= MAX_MISSES) {
                err.println("queue: killing a worker that holds a job (" + (died.size() + 1) + " of " + deaths + ")...");
                if (live.isEmpty()) {
                    ShopProcess worker = WebLoad.startWorkers(1, nextWorker++, classPath, database).get(0);
                    jvms.add(worker);
                    live.add(worker);
                }
                Optional<Death> death = killHolding(live.removeFirst(), died.size() + 1, burst);
                if (death.isPresent()) {
                    died.add(death.get());
                } else {
                    misses++;
                }
            }
            bursts = burst.audit();
        } finally {
            jvms.forEach(ShopProcess::close);
        }
        QueueReport report = new QueueReport(databaseLabel, jobs, drains, latency, died, misses, bursts,
                Duration.ofNanos(System.nanoTime() - started));
        out.print(format == Format.json ? report.json() : report.table());
        out.flush();
        return report.wrong() ? 3 : 0;
    }

    /** Part 1 for one worker count; leaves the web application and the workers running in {@code jvms} and {@code live}. */
    private Drain drain(int count, Database.Settings database, String classPath, HttpClient http, List<ShopProcess> jvms,
                        Deque<ShopProcess> live) {
        live.clear();
        ShopProcess shop = startShop(classPath, database, "--db-scheduler.enabled=false");
        jvms.add(shop);
        seed(database);
        // The workers start first and are stopped (SIGSTOP) while the orders go in; continued together, they
        // claim from one moment, none of them still starting while the others run jobs (2 cores: it would show).
        List<ShopProcess> started = WebLoad.startWorkers(count, 1, classPath, database);
        jvms.addAll(started);
        live.addAll(started);
        List<Long> placed;
        long waiting;
        Instant resumed;
        started.forEach(worker -> worker.suspend(true));
        try {
            placed = place(shop.base(), http, jobs, 0, new AtomicBoolean());
            waiting = jobsLeft(database);
        } finally {
            resumed = Instant.now();
            started.forEach(worker -> worker.suspend(false));
        }
        awaitNoJobs(database, "the backlog of " + count + (count == 1 ? " worker" : " workers"));
        Map<Long, List<Instant>> times = receiptTimes(database);
        List<Instant> issued = placed.stream().flatMap(order -> times.getOrDefault(order, List.of()).stream()).sorted().toList();
        double jobsPerSecond = 0;
        double middle = 0;
        double all = 0;
        if (issued.size() >= 2) {
            int from = (int) Math.floor(0.1 * (issued.size() - 1));
            int to = (int) Math.floor(0.9 * (issued.size() - 1));
            middle = seconds(issued.get(from), issued.get(to));
            jobsPerSecond = middle > 0 ? (to - from) / middle : 0;
            all = seconds(resumed, issued.get(issued.size() - 1));
        }
        return new Drain(count, placed.size(), waiting, Receipts.of(placed, times), jobsPerSecond, middle, all);
    }

    /** Part 2: orders at a fixed rate, sent whatever the answers take, each timed to its receipt. */
    private Latency latency(URI base, HttpClient http, Database.Settings database, int workerCount) {
        Map<Long, Instant> sentAt = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        int total = rate * seconds;
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                ShopProcess.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
            }
            Instant sent = Instant.now();
            answers.add(http.sendAsync(order(base, i).request(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> acknowledged(response).ifPresent(id -> sentAt.put(id, sent)))
                    .exceptionally(noAnswer -> null));
        }
        answers.forEach(CompletableFuture::join);
        awaitNoJobs(database, "the latency's load");
        Map<Long, List<Instant>> times = receiptTimes(database);
        Histogram micros = LoadResult.newHistogram();
        sentAt.forEach((order, sent) -> {
            List<Instant> issued = times.getOrDefault(order, List.of());
            if (issued.size() == 1) {
                long value = Duration.between(sent, issued.get(0)).toNanos() / 1_000;
                micros.recordValue(Math.min(micros.getHighestTrackableValue(), Math.max(1, value)));
            }
        });
        return new Latency(rate, seconds, workerCount, total, Receipts.of(sentAt.keySet(), times), micros);
    }

    /**
     * Part 3, one death: places bursts of orders until {@code worker} holds a claimed job, kills it
     * (SIGKILL) and reads which jobs it died holding (they stay picked by it until another JVM finds
     * them dead, so this read, just after its end, is exact); then waits for their receipts. Empty if
     * it held none by then (the kill missed).
     */
    private Optional<Death> killHolding(ShopProcess worker, int number, Bursts burst) {
        Database.Settings database = burst.database;
        AtomicBoolean stop = new AtomicBoolean();
        Thread placing = thread("queue-burst", () -> {
            while (!stop.get()) {
                burst.placed.addAll(place(burst.base, burst.http, PLACERS * 25, burst.next.getAndAdd(PLACERS * 25), stop));
            }
        });
        Instant died;
        List<Long> held;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline
                    && Audit.jobsClaimedBy(database.url(), database.user(), database.password(), worker.claimer()) == 0) {
                ShopProcess.sleep(2);
            }
            worker.kill();
            died = Instant.now();
            held = Audit.jobsHeldBy(database.url(), database.user(), database.password(), worker.claimer());
        } catch (SQLException e) {
            worker.kill();
            throw new WebLoadFailure(1, "cannot read the job table: " + LabCommand.oneLine(e.getMessage()));
        } finally {
            stop.set(true);
            join(placing);
        }
        if (held.isEmpty()) {
            return Optional.empty();
        }
        awaitReceipts(database, held);
        Map<Long, List<Instant>> times = receiptTimes(database);
        List<Duration> after = new ArrayList<>();
        int before = 0;
        for (long order : held) {
            Instant issued = times.get(order).get(0);
            if (issued.isBefore(died)) {
                // Written and committed just before the death; the job's row was not removed yet. Run again, it writes none.
                before++;
            } else {
                after.add(Duration.between(died, issued));
            }
        }
        return Optional.of(new Death(number, worker.claimer(), held, after, before));
    }

    /** The orders part 3 places, and where. */
    private final class Bursts {
        final Database.Settings database;
        final URI base;
        final HttpClient http;
        final AtomicInteger next = new AtomicInteger(1_000_000);
        final ConcurrentLinkedQueue<Long> placed = new ConcurrentLinkedQueue<>();

        Bursts(Database.Settings database, URI base, HttpClient http) {
            this.database = database;
            this.base = base;
            this.http = http;
        }

        /** Once every job is done: each burst order's receipts. */
        Receipts audit() {
            awaitNoJobs(database, "the bursts' jobs");
            return Receipts.of(placed, receiptTimes(database));
        }
    }

    /** Places {@code count} orders with {@link #PLACERS} threads; the ids of those answered 201. Stops early on {@code stop}. */
    private static List<Long> place(URI base, HttpClient http, int count, int first, AtomicBoolean stop) {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Long> placed = new ConcurrentLinkedQueue<>();
        List<Thread> placers = new ArrayList<>();
        for (int p = 1; p <= PLACERS; p++) {
            placers.add(thread("queue-placer-" + p, () -> {
                int i;
                while (!stop.get() && (i = next.getAndIncrement()) < count) {
                    try {
                        acknowledged(http.send(order(base, first + i).request(), HttpResponse.BodyHandlers.ofString()))
                                .ifPresent(placed::add);
                    } catch (IOException e) {
                        // no answer: not acknowledged, so not audited
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        placers.forEach(QueueLoad::join);
        return new ArrayList<>(placed);
    }

    private static Thread thread(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebLoadFailure(1, "interrupted");
        }
    }

    /** The {@code i}th order: spread over the customers, 1.00 to 9.99, so that no customer nears the credit limit. */
    private static RequestKind.Planned order(URI base, int i) {
        return RequestKind.order(base, ShopPlace.CUSTOMERS.get(i % ShopPlace.CUSTOMERS.size()), 100 + (i * 37L) % 900);
    }

    private static Optional<Long> acknowledged(HttpResponse<String> response) {
        return response.statusCode() == 201 ? LoadGenerator.orderId(response) : Optional.empty();
    }

    private static ShopProcess startShop(String classPath, Database.Settings database, String... more) {
        return ShopProcess.start(Side.DURABLE, classPath, ShopPlace.freePort(), database, WebLoad.STARTING, more);
    }

    private static void seed(Database.Settings database) {
        try {
            ShopPlace.seed(database);
        } catch (SQLException e) {
            throw new WebLoadFailure(1, "cannot add the customers to the shop's database: " + LabCommand.oneLine(e.getMessage()));
        }
    }

    private static long jobsLeft(Database.Settings database) {
        try {
            return Audit.jobsLeft(database.url(), database.user(), database.password());
        } catch (SQLException e) {
            throw new WebLoadFailure(1, "cannot read the job table: " + LabCommand.oneLine(e.getMessage()));
        }
    }

    private static Map<Long, List<Instant>> receiptTimes(Database.Settings database) {
        try {
            return Audit.receiptTimes(database.url(), database.user(), database.password());
        } catch (SQLException e) {
            throw new WebLoadFailure(1, "cannot read the receipts: " + LabCommand.oneLine(e.getMessage()));
        }
    }

    /** Waits until the job table is empty, polling every 50 ms, at most {@link #DRAIN_LIMIT}. */
    private static void awaitNoJobs(Database.Settings database, String what) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (jobsLeft(database) > 0) {
            if (System.nanoTime() > deadline) {
                throw new WebLoadFailure(1, "jobs of " + what + " still waiting after " + DRAIN_LIMIT.toSeconds() + " s");
            }
            ShopProcess.sleep(50);
        }
    }

    /** Waits until each of these orders has a receipt, at most {@link #DRAIN_LIMIT}. */
    private static void awaitReceipts(Database.Settings database, List<Long> orders) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (!receiptTimes(database).keySet().containsAll(orders)) {
            if (System.nanoTime() > deadline) {
                throw new WebLoadFailure(1, "the jobs of orders " + orders + ", held by a killed worker, got no receipt within "
                        + DRAIN_LIMIT.toSeconds() + " s");
            }
            ShopProcess.sleep(20);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}

package dev.sharedsession.webload;

import dev.sharedsession.database.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One JVM of the shop: a side's web application on a real server bound to 127.0.0.1, or a worker
 * of the durable side (the safe shop without a web server, running receipt jobs). spring-web-app's
 * classes and the class path its build wrote ({@code spring-web-app/target/app.classpath}), its
 * database given by environment. Its log goes to a file, where the audit counts the background
 * failures that happened; closing it stops that JVM (and nothing else), {@link #kill()} ends it at once.
 */
final class ShopProcess implements AutoCloseable {

    /**
     * A WARN or ERROR logged on one of the shop's background threads (Boot's pattern names the
     * thread): {@code @Async}'s {@code background-N}, or db-scheduler's {@code db-scheduler-N} for a job.
     */
    private static final Pattern BACKGROUND_FAILURE = Pattern.compile(
            "^\\S+\\s+(WARN|ERROR)\\b.*\\[\\s*(background|db-scheduler)-\\d+\\]");
    /** db-scheduler's line (INFO) for a job whose JVM stopped beating, before it runs the job again. */
    private static final String DEAD_JOB_FOUND = "Found dead execution";

    private final String name;
    /** The name it claims durable jobs under; null for a web application. */
    private final String claimer;
    private final Process process;
    private final Path log;
    private final URI base;

    private ShopProcess(String name, String claimer, Process process, Path log, URI base) {
        this.name = name;
        this.claimer = claimer;
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** The class path of spring-web-app as its build left it, or a failure saying how to build it. */
    static String classPath(Path project) {
        Path classes = project.resolve("spring-web-app/target/classes");
        Path dependencies = project.resolve("spring-web-app/target/app.classpath");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(dependencies)) {
            throw new WebLoadFailure(1, "the web application is not built (no " + dependencies + "): run ./lab web,"
                    + " which builds it, or ./mvnw -DskipTests package -pl spring-web-app,web-load -am");
        }
        try {
            return classes + java.io.File.pathSeparator + Files.readString(dependencies).strip();
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot read " + dependencies + ": " + e.getMessage());
        }
    }

    /**
     * Starts the side's web application and waits until it answers {@code GET /stats}, at most {@code limit};
     * {@code more} are further arguments of Spring Boot's, after the side's own.
     */
    static ShopProcess start(Side side, String classPath, int port, Database.Settings database, Duration limit, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=" + port));
        args.addAll(side.arguments());
        args.addAll(List.of(more));
        ShopProcess shop = launch("the " + side.word() + " shop", null, side.mainClass(), args, classPath, database,
                URI.create("http://127.0.0.1:" + port));
        try {
            shop.awaitUp(port, limit);
            return shop;
        } catch (RuntimeException e) {
            shop.stop();
            throw e;
        }
    }

    /**
     * Starts a worker of the durable side: the safe shop with the profiles {@code durable} and
     * {@code worker} (no web server, the schema left as the web application made it), claiming
     * receipt jobs from {@code database}; waits until db-scheduler says it starts claiming them
     * (once the application is ready), at most {@code limit}.
     */
    static ShopProcess startWorker(int number, String classPath, Database.Settings database, Duration limit) {
        ShopProcess worker = launch("durable worker " + number, workerName(number), Side.SAFE.mainClass(),
                List.of("--spring.profiles.active=durable,worker", "--db-scheduler.scheduler-name=" + workerName(number)),
                classPath, database, null);
        try {
            worker.awaitLine("Starting scheduler.", limit);
            return worker;
        } catch (RuntimeException e) {
            worker.stop();
            throw e;
        }
    }

    /** The name a worker claims jobs under ({@code scheduled_tasks.picked_by}). */
    static String workerName(int number) {
        return "worker-" + number;
    }

    private static ShopProcess launch(String name, String claimer, String mainClass, List<String> args, String classPath,
                                      Database.Settings database, URI base) {
        Path log;
        try {
            log = Files.createTempFile("web-load-" + name.replace(' ', '-') + "-", ".log");
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot create a log file for " + name + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of(WebLoad.javaCommand(), "-Xmx512m", "-cp", classPath, mainClass,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--logging.level.com.github.kagkarlsson.scheduler.Scheduler=INFO"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The database by environment only: the password must not be on a command line.
        database.passTo(builder.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot start the JVM of " + name + ": " + e.getMessage());
        }
        WebLoad.started(process);
        return new ShopProcess(name, claimer, process, log, base);
    }

    /** Waits until the log has a line containing {@code text}, at most {@code limit}. */
    private void awaitLine(String text, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (logLines().stream().anyMatch(line -> line.contains(text))) {
                return;
            }
            if (!process.isAlive()) {
                throw new WebLoadFailure(1, name + " stopped while starting (exit code " + process.exitValue() + "): "
                        + lastProblem() + "; its log: " + log);
            }
            sleep(250);
        }
        throw new WebLoadFailure(1, name + " did not start within " + limit.toSeconds() + " s; its log: " + log);
    }

    private void awaitUp(int port, Duration limit) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String why = lastProblem();
                if (why.contains("already in use")) {
                    throw new WebLoadFailure(2, "port " + port + " on 127.0.0.1 is busy: choose another with --port,"
                            + " or leave --port out for a free one");
                }
                throw new WebLoadFailure(1, name + " stopped while starting (exit code "
                        + process.exitValue() + "): " + why + "; its log: " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/stats"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WebLoadFailure(1, "interrupted while " + name + " was starting");
            }
            sleep(250);
        }
        throw new WebLoadFailure(1, name + " did not answer within " + limit.toSeconds()
                + " s of starting; its log: " + log);
    }

    /** The last line of the log that says what went wrong, for the one line the user gets. */
    private String lastProblem() {
        String found = "no error in its log";
        for (String line : logLines()) {
            if (line.contains("ERROR") || line.startsWith("Caused by:") || line.contains("Exception:")
                    || line.contains("already in use")) {
                found = line.strip();
            }
        }
        return found.length() > 300 ? found.substring(0, 300) + "..." : found;
    }

    private List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String claimer() {
        return claimer;
    }

    URI base() {
        return base;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Jobs this JVM found abandoned by a dead one and ran again (durable side), by its log. */
    long deadJobsFound() {
        return logLines().stream().filter(line -> line.contains(DEAD_JOB_FOUND)).count();
    }

    /** Ends the JVM at once (SIGKILL), as a crash would: no shutdown, no rollback but the database's own. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the JVM where it stands (SIGSTOP: none of its threads runs, its connections stay open) or
     * lets it go on (SIGCONT), so that several JVMs, started one after another, can start work at one moment.
     */
    void suspend(boolean stop) {
        try {
            Process kill = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", String.valueOf(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new WebLoadFailure(1, "cannot " + (stop ? "stop " : "continue ") + name + " (kill " + (stop ? "-STOP" : "-CONT") + ")");
            }
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot run kill: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebLoadFailure(1, "interrupted");
        }
    }

    /** Background tasks that failed, by the shop's own log: what happened, reported or not. */
    long failuresLogged() {
        return logLines().stream().filter(line -> BACKGROUND_FAILURE.matcher(line).find()).count();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebLoadFailure(1, "interrupted");
        }
    }

    /** Asks the shop to stop (SIGTERM: Spring closes its pool), then makes it, after 20 s. */
    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file; the system cleans it up
        }
    }
}

package dev.sharedsession.showcase;

import dev.sharedsession.race.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's end of a {@link Worker} JVM for one side. It hands the worker one run at a time
 * and waits for the answer no longer than the run's limit: a run that has not answered by then
 * is counted as a HANG, the worker is killed (its stuck thread with it), and the next run
 * starts a fresh worker. So {@code ./lab} always finishes.
 */
final class WorkerProcess implements AutoCloseable {

    /** How long a worker may take to start and open a scenario's database before its run's clock starts. */
    static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private static final String END_OF_STREAM = "\u0000end";
    private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(30);

    // Workers still alive, and their logs: killed and deleted by a shutdown hook if the user presses Ctrl-C.
    private static final Map<Process, Path> LIVE = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach((process, log) -> {
            process.destroyForcibly();
            log.toFile().delete();
        }), "lab-worker-reaper"));
    }

    /** How to start a worker: the JVM, its class path and options, and the extra scenario if any. */
    record Launch(Path java, String classPath, List<String> jvmOptions, String extraScenario) {
    }

    private final Launch launch;
    private final Side side;
    private Process process;
    private Writer commands;
    private BlockingQueue<String> replies;
    private Path log;
    private int started;
    private Duration lastRunTook = Duration.ZERO;

    WorkerProcess(Launch launch, Side side) {
        this.launch = launch;
        this.side = side;
    }

    /** How many worker JVMs this side has started so far (one, plus one after each HANG). */
    int started() {
        return started;
    }

    /** How long the last run took by its own clock: from its start in the worker to its result, or its kill. */
    Duration lastRunTook() {
        return lastRunTook;
    }

    /**
     * Starts the worker if need be and has it open {@code scenario}'s database, without waiting:
     * the JVM's start and Hibernate's first bootstrap (seconds) then overlap the other side's runs.
     */
    void prepare(ScenarioPair scenario) {
        if (process == null) {
            start();
        }
        send("open\t" + scenario.number());
    }

    /**
     * Waits for the worker to say it is ready after {@link #prepare(ScenarioPair)}.
     *
     * @throws LabFailure if it cannot get ready: it died, cannot reach the database, or took
     *                    longer than {@link #READY_LIMIT}
     */
    void awaitReady() throws InterruptedException {
        String reply = replies.poll(READY_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        if (reply == null) {
            kill();
            throw new LabFailure("the " + side.word() + " side's worker JVM was not ready within "
                    + READY_LIMIT.toSeconds() + " s; is the machine very busy?");
        }
        if (reply.equals(END_OF_STREAM)) {
            throw died();
        }
        if (reply.startsWith("error\t")) {
            kill();
            throw new LabFailure(reply.substring("error\t".length()));
        }
    }

    /**
     * One run of {@code scenario} in the worker, cut off after {@code limit}.
     *
     * @throws LabFailure if the worker cannot do runs at all (it died, or cannot reach the database)
     */
    Outcome run(ScenarioPair scenario, LabArguments.Mode mode, int threads, Duration limit) throws InterruptedException {
        if (process == null) {
            start();
        }
        send("run\t" + scenario.number() + "\t" + mode + "\t" + threads + "\t" + limit.plus(BACKSTOP_MARGIN).toMillis());
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        boolean running = false;
        long runStart = 0;
        while (true) {
            String reply = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (reply == null) {
                kill();
                lastRunTook = running ? Duration.ofNanos(System.nanoTime() - runStart) : Duration.ZERO;
                return running
                        ? Outcome.hang("the run")
                        : Outcome.wrong("HANG (the worker JVM did not get its database ready within "
                                + READY_LIMIT.toSeconds() + " s)");
            }
            if (reply.equals(END_OF_STREAM)) {
                throw died();
            }
            if (reply.equals("ready")) {
                continue; // a database opened by prepare(...)
            }
            if (reply.equals("started")) {
                running = true;
                runStart = System.nanoTime();
                deadline = runStart + limit.toNanos();
            } else if (reply.startsWith("result\t")) {
                lastRunTook = Duration.ofNanos(System.nanoTime() - runStart);
                String[] field = reply.split("\t", 3);
                return new Outcome(field.length > 2 ? field[2] : "", field[1].equals("1"));
            } else if (reply.startsWith("error\t")) {
                String message = reply.substring("error\t".length());
                kill();
                throw new LabFailure(message);
            }
        }
    }

    private void start() {
        List<String> command = new ArrayList<>();
        command.add(launch.java().toString());
        command.addAll(launch.jvmOptions());
        command.add("-cp");
        command.add(launch.classPath());
        command.add(Worker.class.getName());
        command.add(side.name());
        if (launch.extraScenario() != null) {
            command.add(launch.extraScenario());
        }
        try {
            log = Files.createTempFile("lab-worker-" + side.word() + "-", ".log");
            process = new ProcessBuilder(command)
                    .redirectError(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new LabFailure("cannot start a worker JVM (" + launch.java() + "): " + e.getMessage());
        }
        LIVE.put(process, log);
        started++;
        commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        replies = queue;
        Process reading = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(reading.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    queue.add(line);
                }
            } catch (IOException e) {
                // the worker was killed mid-line: the end of the stream says so below
            }
            queue.add(END_OF_STREAM);
        }, "lab-" + side.word() + "-replies");
        reader.setDaemon(true);
        reader.start();
    }

    private void send(String command) {
        try {
            commands.write(command);
            commands.write('\n');
            commands.flush();
        } catch (IOException e) {
            // Writing fails if the worker is already gone: say why it went.
            throw died();
        }
    }

    private LabFailure died() {
        Process gone = process;
        try {
            gone.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String exit = gone.isAlive() ? "stopped answering" : "exited with code " + gone.exitValue();
        LIVE.remove(gone);
        process = null;
        return new LabFailure("the " + side.word() + " side's worker JVM " + exit + "; its log: " + log);
    }

    /** Kills the worker and everything it runs; the next run starts a fresh one. */
    private void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        LIVE.remove(process);
        process = null;
        deleteLog();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            commands.close(); // end of input: the worker closes its database and exits
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            if (process != null) {
                LIVE.remove(process);
                process = null;
            }
            deleteLog();
        }
    }

    private void deleteLog() {
        try {
            if (log != null) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

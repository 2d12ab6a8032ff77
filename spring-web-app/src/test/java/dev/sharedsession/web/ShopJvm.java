package dev.sharedsession.web;

import dev.sharedsession.database.Database;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A shop in a JVM of its own, started by a test: this module's classes, test classes and
 * dependencies (the class path its build wrote, {@code target/app.classpath}), the database by
 * environment (never a password on the command line), the output in a file the test reads.
 * {@link #kill()} ends that JVM abruptly, as {@code kill -9} would, and nothing else.
 */
public final class ShopJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;

    private ShopJvm(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code mainClass} with {@code args}; {@code environment} adds to the database's variables. */
    public static ShopJvm start(String name, String mainClass, Database.Settings database, Map<String, String> environment,
                                List<String> args) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        String classPath = target.resolve("classes") + File.pathSeparator + target.resolve("test-classes")
                + File.pathSeparator + Files.readString(target.resolve("app.classpath")).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", classPath, mainClass, "--spring.main.banner-mode=off"));
        command.addAll(args);
        Path output = Files.createTempFile("shop-" + name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        database.passTo(builder.environment());
        builder.environment().putAll(environment);
        return new ShopJvm(name, builder.start(), output);
    }

    /** A port of 127.0.0.1 free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits (at most {@code limit}) for a line of output starting with {@code prefix}; returns it. */
    public String awaitLine(String prefix, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = lines().stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (exit code " + process.exitValue() + ") before printing '" + prefix
                        + "'; its output:\n" + String.join("\n", lines()));
            }
            Thread.sleep(50);   // polling a file for a line, not ordering threads
        }
        throw new AssertionError(name + " did not print '" + prefix + "' within " + limit + "; its output:\n"
                + String.join("\n", lines()));
    }

    public List<String> lines() {
        try {
            return Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the JVM at once (SIGKILL): no shutdown hook, no rollback, no goodbye to the database. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not end within 30 s of SIGKILL");
        }
    }

    /** Asks the JVM to stop (SIGTERM: Spring closes its pool), forces it after 20 s; deletes its output. */
    @Override
    public void close() throws IOException {
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
        Files.deleteIfExists(output);
    }

    @Override
    public String toString() {
        return name;
    }
}

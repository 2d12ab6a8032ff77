package dev.sharedsession.webload;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@link LoadGenerator} in a JVM of its own, from this JVM's class path, and reads its result.
 * Bounded: the generator stops at its time limit; this waits that long plus a minute for JVM start
 * and the last requests' timeouts, then ends it.
 */
final class LoadProcess {

    private LoadProcess() {
    }

    static LoadResult run(URI base, int clients, int requests, int timeLimitSeconds, long seed) {
        Path out = null;
        Path errors = null;
        try {
            out = Files.createTempFile("web-load-result-", ".txt");
            errors = Files.createTempFile("web-load-errors-", ".txt");
            String customers = ShopPlace.CUSTOMERS.stream().map(String::valueOf).collect(Collectors.joining(","));
            String limitCustomers = ShopPlace.LIMIT_CUSTOMERS.stream().map(String::valueOf).collect(Collectors.joining(","));
            Process process = new ProcessBuilder(WebLoad.javaCommand(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(),
                    base.toString(), String.valueOf(clients), String.valueOf(requests), String.valueOf(timeLimitSeconds),
                    String.valueOf(seed), customers, limitCustomers)
                    .redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
            WebLoad.started(process);
            if (!process.waitFor(timeLimitSeconds + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new WebLoadFailure(1, "the load generator was still running " + (timeLimitSeconds + 60)
                        + " s after it started; ended it");
            }
            if (process.exitValue() != 0) {
                List<String> why = Files.readAllLines(errors, StandardCharsets.UTF_8);
                throw new WebLoadFailure(1, why.isEmpty() ? "the load generator failed, exit code " + process.exitValue()
                        : why.get(why.size() - 1));
            }
            try {
                return LoadResult.read(Files.readAllLines(out, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new WebLoadFailure(1, e.getMessage());
            }
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot run the load generator: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebLoadFailure(1, "interrupted while the load ran");
        } finally {
            delete(out);
            delete(errors);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }
}

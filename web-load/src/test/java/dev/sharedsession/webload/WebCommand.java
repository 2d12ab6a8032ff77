package dev.sharedsession.webload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lab web} as the instructor runs it: a JVM of its own, from the project's directory,
 * bounded in time (ended, with all it started, if it overruns).
 */
final class WebCommand {

    /** The project's directory: this module's parent. */
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private WebCommand() {
    }

    static Run run(Duration limit, String... arguments) throws IOException, InterruptedException {
        return run(WebLoad.class, limit, arguments);
    }

    /** {@code main} is the command's class: {@link WebLoad} for {@code ./lab web}, {@link QueueLoad} for {@code ./lab queue}. */
    static Run run(Class<?> main, Duration limit, String... arguments) throws IOException, InterruptedException {
        Path out = Files.createTempFile("web-command-out-", ".txt");
        Path err = Files.createTempFile("web-command-err-", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dwebload.project=" + PROJECT, "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).directory(PROJECT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(main.getSimpleName() + " " + String.join(" ", arguments) + " still running after " + limit
                        + "; its error output: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

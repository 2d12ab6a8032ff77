package dev.sharedsession.webload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ./lab queue: bad input gets one line saying what is wrong and what to do, exit code 2, no stack trace; nothing is started. */
class QueueLoadBadInputTest {

    private record Said(int exitCode, String out, String err) {
    }

    private static Said execute(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = QueueLoad.execute(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Said(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--bogus                 | Unknown option: '--bogus'",
        "--jobs many             | --jobs",
        "--jobs 5                | --jobs must be from 20 to 100000, not 5",
        "--workers 1,0           | --workers takes counts from 1 to 8",
        "--workers 16            | --workers takes counts from 1 to 8",
        "--rate 0                | --rate must be from 1 to 500",
        "--seconds 0             | --seconds must be from 1 to 120",
        "--deaths -1             | --deaths must be from 0 to 10",
        "--format markdown       | --format",
        "--db oracle             | unknown database 'oracle': choose h2, postgresql or mariadb",
        "--db-password secret    | set DB_PASSWORD instead",
    })
    @DisplayName("a bad command line: one line with what to do, exit code 2")
    void badCommandLine(String arguments, String expected) {
        Said said = execute(arguments.trim().split(" "));

        assertThat(said.exitCode()).isEqualTo(2);
        assertThat(said.out()).isEmpty();
        assertThat(said.err().lines()).singleElement().asString().startsWith("queue: ").contains(expected.trim());
    }

    @Test
    @DisplayName("problemWith, which docs-check asks, says the same and runs nothing")
    void problemWith() {
        assertThat(QueueLoad.problemWith("--workers", "1,2", "--jobs", "500")).isEmpty();
        assertThat(QueueLoad.problemWith("--deaths", "11")).hasValueSatisfying(problem -> assertThat(problem)
                .isEqualTo("--deaths must be from 0 to 10, not 11"));
    }

    @Test
    @DisplayName("an unreachable database server: one line naming the URL and the options to check, exit code 2")
    void unreachableDatabase() {
        Said said = execute("--db-url", "jdbc:postgresql://127.0.0.1:1/test");

        assertThat(said.exitCode()).isEqualTo(2);
        assertThat(said.err().lines()).singleElement().asString()
                .startsWith("queue: cannot connect to jdbc:postgresql://127.0.0.1:1/test (")
                .contains("--db, --db-url, --db-user and DB_PASSWORD");
    }

    @Test
    @DisplayName("as a real process: a bad number is one line on standard error and exit code 2, no stack trace")
    void realProcess() throws Exception {
        WebCommand.Run run = WebCommand.run(QueueLoad.class, Duration.ofSeconds(60), "--workers", "two");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().startsWith("queue: ").contains("--workers")
                .endsWith("; try ./lab queue --help");
    }

    @Test
    @DisplayName("--help lists every option and the exit codes")
    void help() {
        Said said = execute("--help");

        assertThat(said.exitCode()).isZero();
        assertThat(said.out()).contains("--workers", "--jobs", "--rate", "--seconds", "--deaths", "--db", "--format",
                "Exit codes:", "SIGKILL");
    }
}

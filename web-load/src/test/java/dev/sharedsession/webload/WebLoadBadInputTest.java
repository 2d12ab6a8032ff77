package dev.sharedsession.webload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets one line saying what is wrong and what to do, a non-zero exit, no stack trace; nothing is started. */
class WebLoadBadInputTest {

    private record Said(int exitCode, String out, String err) {
    }

    private static Said execute(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = WebLoad.execute(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Said(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--bogus                                   | Unknown option: '--bogus'",
        "--requests lots                           | --requests",
        "--clients 1,0                             | --clients takes counts from 1 to 64",
        "--clients 100                             | --clients takes counts from 1 to 64",
        "--side both-ways                          | --side",
        "--format yaml                             | --format",
        "--db oracle                               | unknown database 'oracle': choose h2, postgresql or mariadb",
        "--db-password secret                      | set DB_PASSWORD instead",
        "--chart chart.svg                         | name a .png file",
    })
    @DisplayName("a bad command line: one line with what to do, exit code 2")
    void badCommandLine(String arguments, String expected) {
        Said said = execute(arguments.trim().split(" "));

        assertThat(said.exitCode()).isEqualTo(2);
        assertThat(said.out()).isEmpty();
        assertThat(said.err().lines()).singleElement().asString().startsWith("web: ").contains(expected.trim());
    }

    @Test
    @DisplayName("a busy port: one line naming it and what to do, exit code 2, before anything starts")
    void busyPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Said said = execute("--port", String.valueOf(taken.getLocalPort()));

            assertThat(said.exitCode()).isEqualTo(2);
            assertThat(said.err().lines()).singleElement().asString()
                    .isEqualTo("web: port " + taken.getLocalPort() + " on 127.0.0.1 is busy: choose another with --port,"
                            + " or leave --port out for a free one");
        }
    }

    @Test
    @DisplayName("an unreachable database server: one line naming the URL and the options to check, exit code 2")
    void unreachableDatabase() {
        Said said = execute("--db-url", "jdbc:postgresql://127.0.0.1:1/test");

        assertThat(said.exitCode()).isEqualTo(2);
        assertThat(said.err().lines()).singleElement().asString()
                .startsWith("web: cannot connect to jdbc:postgresql://127.0.0.1:1/test (")
                .endsWith("is the server running? Check --db, --db-url, --db-user and DB_PASSWORD, or leave --db out to use the embedded H2 database");
    }

    @Test
    @DisplayName("as a real process: an unknown option is one line on standard error and exit code 2, no stack trace")
    void realProcess() throws Exception {
        WebCommand.Run run = WebCommand.run(Duration.ofSeconds(60), "--clients", "four");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().startsWith("web: ").contains("--clients")
                .endsWith("; try ./lab web --help");
    }

    @Test
    @DisplayName("--help lists every option and the exit codes")
    void help() {
        Said said = execute("--help");

        assertThat(said.exitCode()).isZero();
        assertThat(said.out()).contains("--clients", "--requests", "--side", "--db", "--format", "--output", "--chart",
                "--port", "--time-limit", "Exit codes:", "POST /orders 40%", "(trap 5)");
    }
}

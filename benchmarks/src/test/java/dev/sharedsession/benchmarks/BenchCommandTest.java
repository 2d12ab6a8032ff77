package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BenchCommandTest {

    /** What one ./bench invocation printed and returned. */
    record Outcome(int status, String out, String err) {
    }

    private static Outcome bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Bench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertBadInput(Outcome outcome, String mentions) {
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).startsWith("bench: ").contains(mentions).doesNotContain("\tat ", "Exception:");
        assertThat(outcome.out()).isEmpty();
    }

    @ParameterizedTest(name = "./bench {0} parses")
    @ValueSource(strings = {"quick", "full", "full --out docs/benchmarks", "quick --threads 1,2", "quick --threads 8,1 --out x",
        "full --db h2,postgresql --out docs/benchmarks", "quick --db postgresql --rtt 1 --threads 1,8", "quick --db MariaDB",
        "quick --rtt 0,0.2,1", "quick --db-url jdbc:postgresql://db.example/shop --db-user me",
        "report docs/benchmarks/results.json", "report r.json --out elsewhere", "--help", "quick --help"})
    @DisplayName("the documented forms parse")
    void goodArgumentsParse(String line) {
        assertThat(BenchArguments.problemWith(line.split(" "))).isEmpty();
    }

    @ParameterizedTest(name = "./bench {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                      | say which profile",
        "fast                    | unknown profile 'fast'",
        "--out x                 | say the profile first",
        "quick --verbose         | unknown option '--verbose'",
        "quick extra             | unexpected argument 'extra'",
        "quick --out             | --out needs a value",
        "quick --threads         | --threads needs a value",
        "quick --threads 1,two   | whole numbers",
        "quick --threads 0       | out of range",
        "quick --threads 16      | out of range",
        "report                  | report needs the results file",
        "report r.json --threads 2 | --threads belongs to a run",
        "quick --db oracle       | --db: unknown database 'oracle': choose h2, postgresql or mariadb",
        "quick --db h2,          | --db: unknown database ''",
        "quick --rtt fast        | --rtt takes round-trip times in milliseconds separated by commas, like 0,0.2,1",
        "quick --rtt 0,500       | round-trip time 500 ms is out of range; use 0 to 100 ms",
        "report r.json --db h2   | --db belongs to a run",
        "quick --db-url nothing  | --db-url takes a server's JDBC URL",
        "quick --db-url jdbc:h2:mem:x | --db-url takes a server's JDBC URL",
        "quick --db h2 --db-url jdbc:postgresql://x/y | --db-url points at postgresql, which --db does not name"})
    @DisplayName("bad arguments: one line that says what is wrong, exit status 2, no stack trace")
    void badArgumentsAreOneLine(String line, String mentions) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThat(BenchArguments.problemWith(args)).hasValueSatisfying(p -> assertThat(p).contains(mentions));
        assertBadInput(bench(args), mentions);
    }

    @Test
    @DisplayName("a password on the command line is refused, saying where it goes instead, and never printed")
    void passwordOnTheCommandLine() {
        for (String[] args : new String[][] {{"quick", "--db", "postgresql", "--db-password", "s3cret"},
                {"quick", "--db-password=s3cret"}, {"--help", "--db-password", "s3cret"}}) {
            Outcome outcome = bench(args);
            assertBadInput(outcome, "--db-password would show the password to every user of this machine (ps);"
                    + " set the environment variable DB_PASSWORD instead");
            assertThat(outcome.err()).doesNotContain("s3cret");
        }
    }

    @Test
    @DisplayName("an unreachable server: one line naming it and what to check, exit status 2, before anything runs")
    void unreachableServer(@TempDir Path tmp) {
        Outcome outcome = bench("quick", "--db", "h2,postgresql", "--db-url", "jdbc:postgresql://127.0.0.1:1/nothing",
                "--out", tmp.resolve("out").toString());
        assertBadInput(outcome, "cannot connect to jdbc:postgresql://127.0.0.1:1/nothing (");
        assertThat(outcome.err().strip()).endsWith("is the server running? Check --db, --db-url, --db-user and DB_PASSWORD,"
                + " or leave --db out to use the embedded H2 database");
        assertThat(tmp.resolve("out").resolve("results.json")).doesNotExist();
    }

    @Test
    @DisplayName("an output directory that cannot be created is bad input, before anything runs")
    void unwritableOutputDirectory(@TempDir Path tmp) throws Exception {
        Path aFile = Files.writeString(tmp.resolve("a-file"), "not a directory");
        assertBadInput(bench("quick", "--out", aFile.resolve("out").toString()), "cannot create the output directory");
    }

    @Test
    @DisplayName("report of a missing or non-JMH file is bad input")
    void reportOfABadFile(@TempDir Path tmp) throws Exception {
        assertBadInput(bench("report", tmp.resolve("missing.json").toString()), "no results file");
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{\"not\": \"jmh\"}");
        assertBadInput(bench("report", garbage.toString()), "not a JMH JSON results file");
    }

    @Test
    @DisplayName("--help prints the usage and exits 0")
    void help() {
        Outcome outcome = bench("--help");
        assertThat(outcome.status()).isZero();
        assertThat(outcome.out()).contains("./bench quick|full", "--out DIR", "--threads LIST", "--db LIST", "--rtt LIST",
                "--db-url URL", "DB_PASSWORD", "./bench report");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    @DisplayName("report regenerates report.md from a results.json into the directory given")
    void reportCommand(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("results.json");
        try (var in = getClass().getResourceAsStream("/sample-results.json")) {
            Files.copy(in, json);
        }
        Outcome outcome = bench("report", json.toString(), "--out", tmp.resolve("again").toString());
        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(tmp.resolve("again").resolve(Report.FILE)).isNotEmptyFile();
        assertThat(List.of("throughput-uncontended-rtt-0.png", "flush-cost.png")).allSatisfy(
                png -> assertThat(tmp.resolve("again").resolve(png)).isNotEmptyFile());
    }
}

package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./lab as the user meets it: exit code, stdout, stderr. Worker JVMs run on the test class path. */
@DisplayName("./lab")
class LabTest {

    @TempDir
    Path temp;

    /** What one ./lab call printed and returned. */
    record Call(int exitCode, String out, String err) {
    }

    static Call lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = Lab.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Call(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("an unknown option: one line and a hint on stderr, exit code 2, no usage dump, no stack trace")
    void unknownOption() {
        Call call = lab("--frobnicate");
        assertThat(call.exitCode()).isEqualTo(2);
        assertThat(call.out()).isEmpty();
        assertThat(call.err().lines()).containsExactly("lab: Unknown option: '--frobnicate'", "try ./lab --help");
    }

    @Test
    @DisplayName("an unknown scenario, a non-numeric or a negative count: exit code 2 and one line each")
    void badValues() {
        for (String[] args : new String[][] {{"42"}, {"--runs", "many"}, {"--runs", "-1"}, {"--threads", "-2"}}) {
            Call call = lab(args);
            assertThat(call.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(call.err().lines()).as(String.join(" ", args)).hasSize(2).last().isEqualTo("try ./lab --help");
            assertThat(call.err()).startsWith("lab: ").doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("an unreachable database: one line naming it and what to check, exit code 2, before any run")
    void unreachableDatabase() {
        Call call = lab("--db-url", "jdbc:postgresql://127.0.0.1:1/nothing", "6", "--runs", "1");
        assertThat(call.exitCode()).isEqualTo(2);
        assertThat(call.out()).isEmpty();
        assertThat(call.err().lines()).singleElement().asString()
                .startsWith("lab: cannot connect to jdbc:postgresql://127.0.0.1:1/nothing (")
                .endsWith("is the server running? Check --db, --db-url, --db-user and DB_PASSWORD, or leave --db out to use the embedded H2 database");
    }

    @Test
    @DisplayName("a password on the command line is refused, saying where it goes instead; an unknown database names the three")
    void databaseChoiceProblems() {
        Call password = lab("--db", "postgresql", "--db-password", "s3cret", "6");
        assertThat(password.exitCode()).isEqualTo(2);
        assertThat(password.err()).startsWith("lab: --db-password would show the password to every user of this machine (ps);"
                + " set the environment variable DB_PASSWORD instead").doesNotContain("s3cret");

        Call unknown = lab("--db", "oracle", "6");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("lab: --db: unknown database 'oracle': choose h2, postgresql or mariadb");
    }

    @Test
    @DisplayName("an output file that cannot be written: one line, exit code 1, before any run")
    void unwritableOutput() {
        Call noDirectory = lab("--output", temp.resolve("missing/lab.json").toString(), "6", "--runs", "1");
        assertThat(noDirectory.exitCode()).isEqualTo(1);
        assertThat(noDirectory.err().lines()).containsExactly(
                "lab: cannot write " + temp.resolve("missing/lab.json") + ": there is no directory " + temp.resolve("missing"));

        Call directory = lab("--output", temp.toString(), "6", "--runs", "1");
        assertThat(directory.exitCode()).isEqualTo(1);
        assertThat(directory.err().lines()).containsExactly(
                "lab: cannot write " + temp + ": it is a directory; name a file, e.g. --output lab.md");
    }

    @Test
    @DisplayName("--help prints the usage with the exit codes, --list the scenarios; both exit 0")
    void helpAndList() {
        Call help = lab("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: ./lab", "--runs", "--budget", "--mode", "--guard", "--db-url", "--format", "Exit codes:");
        Call list = lab("--list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().toList()).containsSubsequence(
                "One Session on two threads: the broken side puts one Session on two threads",
                " 4  background-task    Background task after the request",
                " 5  handed-entities    Entities handed across threads",
                " 7  stale-cache        Stale first-level cache",
                "15  lock-wait          A lock wait on the server",
                "Pitfalls on the way to a Session per thread: no Session on two threads; what still goes wrong once each thread has its own",
                " 6  lost-update        Lost update",
                "12  pool-starvation    Pool starvation");
    }

    @Test
    @DisplayName("a tiny natural run: the broken side goes wrong, the safe side never does; with --guard every run of scenario 2 is stopped (no payer gets to the shared Session) and none of them went wrong; the JSON says so")
    void tinyRun() throws Exception {
        // One ./lab call (three worker JVMs) for both claims: starting workers is most of what a call costs.
        Path json = temp.resolve("lab.json");
        Call call = lab("2", "8", "10", "--guard", "--runs", "2", "--format", "json", "--output", json.toString());

        assertThat(call.exitCode()).as(call.err()).isZero();
        assertThat(call.out()).isEmpty(); // the result went to the file, progress to stderr
        String report = Files.readString(json);
        assertThat(report).startsWith("{").endsWith("}\n")
                .contains("\"mode\": \"natural\",\n  \"guard\": \"confined\"", "\"runsPerSide\": 2");
        assertThat(count(report, "\"number\": (\\d+)")).isEqualTo(2 + 8 + 10);
        int brokenWrong = total(report, "broken", "wentWrong");
        assertThat(total(report, "broken", "runs")).isEqualTo(6);
        assertThat(brokenWrong).isPositive();
        assertThat(total(report, "safe", "runs")).isEqualTo(6);
        assertThat(total(report, "safe", "wentWrong")).isZero();
        assertThat(report).contains("\"verdict\": \"Verdict: the broken side went wrong in ",
                "\"guardVerdict\": \"Guard on: the session guard stopped the broken side in ",
                "\"guardVerdict\": \"One Session on two threads, guard on: the session guard stopped the broken side in ",
                "\"scenarios\": [10],", "\"verdict\": \"Pitfalls on the way to a Session per thread: ");
        assertThat(report.substring(report.indexOf("\"number\": 10,"))).contains("\"part\": \"pitfalls-on-the-way\",");
        assertThat(report.substring(report.indexOf("\"number\": 2,"), report.indexOf("\"number\": 8,")))
                .contains("\"guarded\": {\"does\": \"one Session shared\", \"runs\": 2, \"wentWrong\": 0, \"stopped\": 2,");
    }

    @Test
    @DisplayName("a run stuck beyond its limit is reported as HANG, and the safe side still runs")
    void hang() {
        Call call = lab("--extra-scenario", StuckScenario.class.getName(), StuckScenario.NUMBER,
                "--runs", "1", "--run-limit", "2s");

        assertThat(call.exitCode()).as(call.err()).isZero();
        assertThat(call.out())
                .containsPattern("99 +Never ends \\(test only\\) +│ +1/1 +HANG \\(the run never finished\\) +│ +0/1 +—")
                .contains("in 2 worker JVMs; 1 stuck run cut off by killing its worker.");
    }

    @Test
    @DisplayName("forced mode makes each headline interleaving happen every run; --guard adds a third column, the broken side under the session guard: scenarios 1 and 8 stopped at Alice's first call, rows as they were; scenario 4, where no open Session crosses a thread, goes wrong as without the guard; the safe side never goes wrong")
    void guardForced() {
        // One ./lab call (three worker JVMs) for both claims: starting workers is most of what a call costs.
        Call call = lab("1", "4", "8", "--guard", "--mode", "forced", "--runs", "2", "--format", "markdown");

        assertThat(call.exitCode()).as(call.err()).isZero();
        assertThat(call.out())
                .contains("| broken, guard on: hibernate.session_guard=confined: stopped | guard on: went wrong |")
                .contains("| 1 | Concurrent units of work on one Session | 2/2 | a commit returned normally, its row is missing"
                        + " | 2 | 0/2 | 'Alice' in Session.beginTransaction | 0/2 | — |")
                .contains("| 4 | Background task after the request | 2/2 | IllegalStateException: Session/EntityManager is closed"
                        + " | 0 | 2/2 | IllegalStateException: Session/EntityManager is closed | 0/2 | — |")
                .containsPattern("\\| 8 \\| \"Fixed\" with a lock \\| 2/2 \\| [^|]+ \\| 2 \\| 0/2 \\| 'Alice' in Session.beginTransaction \\| 0/2 \\| — \\|")
                .contains("One Session on two threads: the broken side went wrong in 3 of 3 scenarios (6 of 6 runs);"
                        + " the safe side never did (0 of 6 runs).")
                .contains("One Session on two threads, guard on: the session guard stopped the broken side in 4 of 6 runs (scenarios 1, 8),"
                        + " every row as it was when it stepped in; 2 runs went wrong all the same (scenario 4).")
                .contains("in 3 worker JVMs.")
                // only the part whose scenarios were selected
                .doesNotContain("Pitfalls");
        // Each stopped run ended as soon as Alice was refused, not cut off when its pause would have timed out.
        assertThat(call.out()).doesNotContain("stuck run");
    }

    @Test
    @DisplayName("--guard given a value: one line saying it takes none, exit code 2")
    void guardTakesNoValue() {
        for (String[] args : new String[][] {{"--guard", "exclusive"}, {"--guard=confined"}}) {
            Call call = lab(args);
            assertThat(call.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(call.out()).isEmpty();
            assertThat(call.err().lines()).as(String.join(" ", args)).hasSize(2).last().isEqualTo("try ./lab --help");
            assertThat(call.err()).startsWith("lab: --guard takes no value").doesNotContain("\tat ");
        }
    }

    private static int total(String json, String side, String field) {
        Matcher totals = Pattern.compile("\"total\": \\{.*?\"" + side + "\": \\{\"runs\": (\\d+), \"wentWrong\": (\\d+)",
                Pattern.DOTALL).matcher(json);
        assertThat(totals.find()).as("totals of the " + side + " side in " + json).isTrue();
        return Integer.parseInt(totals.group(field.equals("runs") ? 1 : 2));
    }

    private static int count(String json, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(json);
        int sum = 0;
        while (matcher.find()) {
            sum += Integer.parseInt(matcher.group(1));
        }
        return sum;
    }
}

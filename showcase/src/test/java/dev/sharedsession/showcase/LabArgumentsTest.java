package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("./lab's command line")
class LabArgumentsTest {

    @Test
    @DisplayName("with no arguments runs every scenario, naturally, within the default time budget")
    void defaults() {
        LabArguments arguments = LabArguments.parse();
        assertThat(arguments.selected()).isEqualTo(Catalogue.ALL);
        assertThat(arguments.mode).isEqualTo(LabArguments.Mode.natural);
        assertThat(arguments.runs()).isEmpty();
        assertThat(arguments.budget()).isEqualTo(LabArguments.DEFAULT_BUDGET);
        assertThat(arguments.runLimit).isEqualTo(Duration.ofSeconds(10));
        assertThat(arguments.threads()).isEmpty();
        assertThat(arguments.format).isEqualTo(LabArguments.Format.table);
        assertThat(arguments.output).isNull();
        assertThat(arguments.dbUrl).isNull();
    }

    @Test
    @DisplayName("scenarios can be named by number or short name, as arguments or with --scenario, each once, in the order given")
    void selection() {
        LabArguments arguments = LabArguments.parse("6", "background-task", "--scenario", "1,6,LOCK");
        assertThat(arguments.selected()).extracting(ScenarioPair::number).containsExactly(6, 4, 1, 8);
    }

    @Test
    @DisplayName("every option is read: runs, threads, mode, database, format, output, run limit")
    void options() {
        LabArguments arguments = LabArguments.parse("--runs", "50", "--threads", "8", "--mode", "NATURAL",
                "--db", "PostgreSQL", "--db-url", "jdbc:postgresql://localhost/shop", "--db-user", "lab",
                "--format", "json", "--output", "lab.json", "--run-limit", "1m30s");
        assertThat(arguments.runs()).contains(50);
        assertThat(arguments.threads()).contains(8);
        assertThat(arguments.dbUrl).isEqualTo("jdbc:postgresql://localhost/shop");
        assertThat(arguments.dbUser).isEqualTo("lab");
        assertThat(arguments.db).isEqualTo("postgresql");
        assertThat(arguments.format).isEqualTo(LabArguments.Format.json);
        assertThat(arguments.output).hasToString("lab.json");
        assertThat(arguments.runLimit).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest(name = "--budget {0} is {1} ms")
    @CsvSource({"90s, 90000", "2m, 120000", "1500ms, 1500", "45, 45000", "1m30s, 90000"})
    @DisplayName("a time budget reads like 90s, 2m, 1500ms or a plain number of seconds")
    void budgets(String text, long millis) {
        assertThat(LabArguments.parse("--budget", text).budget()).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    @DisplayName("--help, --version and --list parse without running anything")
    void helpVersionList() {
        assertThat(LabArguments.parse("--help").helpRequested()).isTrue();
        assertThat(LabArguments.parse("--version").versionRequested()).isTrue();
        assertThat(LabArguments.parse("--list").list).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "99                                  | no scenario '99'; scenarios are 1 to 15 or their short names (./lab --list)",
        "no-such-scenario                    | no scenario 'no-such-scenario'; scenarios are 1 to 15 or their short names (./lab --list)",
        "--frobnicate                        | Unknown option: '--frobnicate'",
        "--runs abc                          | Invalid value for option '--runs': 'abc' is not an int",
        "--runs -5                           | --runs takes a whole number from 1 to 100000, not -5",
        "--runs 0                            | --runs takes a whole number from 1 to 100000, not 0",
        "--threads -1                        | --threads takes a whole number from 1 to 64, not -1",
        "--threads many                      | Invalid value for option '--threads': 'many' is not an int",
        "--runs                              | Missing required parameter for option '--runs' (N)",
        "--budget soon                       | Invalid value for option '--budget': 'soon' is not a length of time; write it like 90s, 2m, 1m30s or 500ms",
        "--budget 0s                         | --budget must be more than 0, e.g. --budget 60s",
        "--run-limit 0                       | --run-limit must be more than 0, e.g. --run-limit 10s",
        "--runs 5 --budget 30s               | give either --runs or --budget, not both",
        "--mode sideways                     | Invalid value for option '--mode': expected one of [natural, forced] (case-insensitive) but was 'sideways'",
        "--format yaml                       | Invalid value for option '--format': expected one of [table, markdown, json] (case-insensitive) but was 'yaml'",
        "--db-url localhost:5432             | --db-url takes a JDBC URL such as jdbc:postgresql://localhost/shop, not 'localhost:5432'",
        "--guard exclusive                   | --guard takes no value: it always runs with hibernate.session_guard=confined; 'exclusive' is not a scenario (./lab --list)",
        "--guard=off                         | --guard takes no value: it always runs with hibernate.session_guard=confined; leave out '=off'",
    })
    @DisplayName("bad input is one line saying what is wrong")
    void problems(String args, String problem) {
        assertThat(LabArguments.problemWith(args.trim().split("\\s+"))).contains(problem);
    }

    @Test
    @DisplayName("--guard adds the guarded side between broken and safe; without it, the two sides as ever")
    void guardSides() {
        assertThat(LabArguments.parse().sides()).containsExactly(Side.BROKEN, Side.SAFE);
        assertThat(LabArguments.parse("--guard", "4", "--mode", "forced").sides()).containsExactly(Side.BROKEN, Side.GUARDED, Side.SAFE);
        assertThat(LabArguments.problemWith("--guard", "--db", "postgresql", "--format", "json", "--budget", "2m")).isEmpty();
    }

    @Test
    @DisplayName("every scenario has a forced run: forced mode is accepted for each, by number")
    void forcedModeForEveryScenario() {
        for (ScenarioPair scenario : Catalogue.ALL) {
            assertThat(LabArguments.problemWith("--mode", "forced", String.valueOf(scenario.number()))).isEmpty();
        }
    }

    @Test
    @DisplayName("problemWith vouches for good commands and runs nothing")
    void goodCommands() {
        assertThat(LabArguments.problemWith()).isEmpty();
        assertThat(LabArguments.problemWith("4", "6", "--runs", "50")).isEmpty();
        assertThat(LabArguments.problemWith("--scenario", "1,2", "--budget", "2m", "--format", "markdown", "--output", "lab.md")).isEmpty();
        assertThat(LabArguments.problemWith("--db-url", "jdbc:h2:tcp://localhost:1/nothing")).isEmpty(); // reachability is checked when it runs
    }

    @Test
    @DisplayName("every ./lab command in the README parses")
    void readmeCommands() throws Exception {
        List<String> commands = Files.readAllLines(Path.of("..", "README.md")).stream()
                .map(line -> line.replaceAll("\\s+#.*$", "").trim())
                .filter(line -> line.equals("./lab") || line.startsWith("./lab "))
                // ./lab web and ./lab queue are other programs (web-load's, dispatched by the lab script); docs-check checks those.
                .filter(line -> !line.matches("\\./lab (web|queue)( .*)?"))
                .toList();
        assertThat(commands).hasSizeGreaterThan(3);
        for (String command : commands) {
            String[] args = command.substring("./lab".length()).trim().split("\\s+");
            assertThat(LabArguments.problemWith(args[0].isEmpty() ? new String[0] : args)).as(command).isEmpty();
        }
    }
}

package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.ScenarioRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The report's three formats, on made-up results: no scenario runs. */
@DisplayName("./lab's report")
class ReportTest {

    private static final ScenarioRun NEVER_RUN = new ScenarioRun() {
        @Override
        public Outcome forced(Stage stage) {
            throw new AssertionError("the report runs nothing");
        }

        @Override
        public Outcome natural(Stage stage, int threads) {
            throw new AssertionError("the report runs nothing");
        }
    };

    private static final ScenarioPair AS_THE_HEADER_SAYS = new ScenarioPair(1, "as-usual", "Shares one Session",
            Part.ONE_SESSION_ON_TWO_THREADS, 4, ScenarioPair.ONE_SESSION_SHARED, ScenarioPair.A_SESSION_PER_UNIT_OF_WORK, NEVER_RUN, NEVER_RUN);
    private static final ScenarioPair SHARED_ITS_OWN_WAY = new ScenarioPair(7, "own-way", "Shares one Session its own way",
            Part.ONE_SESSION_ON_TWO_THREADS, 4, "one long-lived Session", ScenarioPair.A_SESSION_PER_UNIT_OF_WORK, NEVER_RUN, NEVER_RUN);
    private static final ScenarioPair ITS_OWN = new ScenarioPair(6, "own-words", "Does something else",
            Part.PITFALLS_ON_THE_WAY, 4, "a Session per thread, no version", "a Session per thread, an atomic UPDATE", NEVER_RUN, NEVER_RUN);

    /** Scenario 6 (a pitfall) before 7 and 1 (one Session on two threads), as ./lab 6 7 1 would run them. */
    private static Results results() {
        return new Results(List.of(
                new Results.ScenarioResult(ITS_OWN, tally(Outcome.wrong("increments lost")), tally(Outcome.ok())),
                new Results.ScenarioResult(SHARED_ITS_OWN_WAY, tally(Outcome.ok()), tally(Outcome.ok())),
                new Results.ScenarioResult(AS_THE_HEADER_SAYS, tally(Outcome.wrong("money vanished"), Outcome.ok()), tally(Outcome.ok()))),
                LabArguments.parse("--runs", "1"), Duration.ofSeconds(2), 2);
    }

    /** With --guard: scenario 1 stopped twice by the guard, scenario 6 wrong all the same. */
    private static Results guarded(Outcome sixGuarded) {
        Outcome stop = Outcome.stopped("'Alice' in Session.beginTransaction");
        return new Results(List.of(
                new Results.ScenarioResult(AS_THE_HEADER_SAYS, tally(Outcome.wrong("money vanished")), tally(Outcome.ok()), tally(stop, stop)),
                new Results.ScenarioResult(ITS_OWN, tally(Outcome.wrong("increments lost")), tally(Outcome.ok()), tally(sixGuarded))),
                LabArguments.parse("--runs", "1", "--guard"), Duration.ofSeconds(2), 3);
    }

    private static Tally tally(Outcome... outcomes) {
        Tally tally = new Tally();
        for (Outcome outcome : outcomes) {
            tally.add(outcome);
        }
        return tally;
    }

    @Test
    @DisplayName("table: a section per part, each with its heading and column headers, rows in number order; a verdict per part")
    void tableInTwoParts() {
        List<String> lines = Report.table(results()).lines().toList();

        int shared = indexOf(lines, "One Session on two threads: ");
        int pitfalls = indexOf(lines, "Pitfalls on the way to a Session per thread: ");
        assertThat(shared).isLessThan(pitfalls);
        assertThat(lines.get(shared + 1)).matches(" # +scenario +│ broken: one Session shared +│ safe: a Session per unit of work");
        assertThat(lines.get(pitfalls + 1)).matches(" # +scenario +│ broken +│ safe");
        assertThat(indexOf(lines, " 1  Shares one Session")).isGreaterThan(shared).isLessThan(indexOf(lines, " 7  Shares one Session its own way"));
        assertThat(indexOf(lines, " 7  Shares one Session its own way")).isLessThan(pitfalls);
        assertThat(indexOf(lines, " 6  Does something else")).isGreaterThan(pitfalls);
        assertThat(lines).containsSubsequence(
                "One Session on two threads: the broken side went wrong in 1 of 2 scenarios (1 of 3 runs); the safe side never did (0 of 2 runs).",
                "Pitfalls on the way to a Session per thread: the broken side went wrong in 1 of 1 scenarios (1 of 1 runs);"
                        + " the safe side never did (0 of 1 runs).");
        assertThat(lines).noneMatch(l -> l.startsWith("Verdict"));
    }

    @Test
    @DisplayName("table: a row whose side does something else than its part's column header says gets a line saying what; in a part with no usual case, every row does")
    void table() {
        List<String> lines = Report.table(results()).lines().toList();

        int own = indexOf(lines, " 6  Does something else");
        assertThat(lines.get(own + 1)).contains("↳ here: a Session per thread, no version", "↳ here: a Session per thread, an atomic UPDATE")
                .doesNotContain("6  ");
        assertThat(lines.get(own + 1).indexOf("↳")).isEqualTo(lines.get(own).indexOf("increments lost"));
        int ownWay = indexOf(lines, " 7  Shares one Session its own way");
        assertThat(lines.get(ownWay + 1)).contains("↳ here: one long-lived Session").doesNotContain("unit of work");
        int usual = indexOf(lines, " 1  Shares one Session");
        assertThat(lines.get(usual + 1)).startsWith(" 7  ");
        assertThat(lines).filteredOn(l -> l.contains("↳")).hasSize(2);
    }

    @Test
    @DisplayName("selected scenarios of one part: only that part's section and verdict")
    void onlyThePartsSelected() {
        Results one = new Results(List.of(new Results.ScenarioResult(ITS_OWN, tally(Outcome.wrong("increments lost")), tally(Outcome.ok()))),
                LabArguments.parse("--runs", "1"), Duration.ofSeconds(2), 2);

        assertThat(Report.table(one)).contains("Pitfalls on the way to a Session per thread: the broken side went wrong in 1 of 1 scenarios")
                .doesNotContain("One Session on two threads");
        assertThat(Report.markdown(one)).contains("**Pitfalls on the way to a Session per thread**").doesNotContain("One Session on two threads");
    }

    @Test
    @DisplayName("markdown: a table per part, its headers naming what each side does if the part has a usual case, and a row that differs says so in its cell")
    void markdown() {
        String markdown = Report.markdown(results());

        assertThat(markdown).contains("**One Session on two threads**: ", "**Pitfalls on the way to a Session per thread**: ");
        assertThat(markdown).contains("| broken (one Session shared): went wrong |", "| safe (a Session per unit of work): went wrong |",
                "| # | scenario | broken: went wrong | broken: commonest failure | safe: went wrong | safe: commonest failure |");
        assertThat(markdown).contains("| 6 | Does something else | 1/1 | *here: a Session per thread, no version*; increments lost"
                + " | 0/1 | *here: a Session per thread, an atomic UPDATE*; — |");
        assertThat(markdown).contains("| 1 | Shares one Session | 1/2 | money vanished | 0/1 | — |");
        assertThat(markdown.indexOf("| 1 | Shares")).isLessThan(markdown.indexOf("| 7 | Shares")).isLessThan(markdown.indexOf("| 6 | Does"));
        assertThat(markdown).contains("\n\nOne Session on two threads: the broken side went wrong in 1 of 2 scenarios",
                "\n\nPitfalls on the way to a Session per thread: the broken side went wrong in 1 of 1 scenarios");
    }

    @Test
    @DisplayName("json: every side says what it does, every scenario its part, and each part has its totals and verdict")
    void json() {
        String json = Report.json(results());

        assertThat(json).contains("\"broken\": {\"does\": \"a Session per thread, no version\", \"runs\": 1, \"wentWrong\": 1")
                .contains("\"broken\": {\"does\": \"one Session shared\", \"runs\": 2, \"wentWrong\": 1")
                .contains("\"safe\": {\"does\": \"a Session per unit of work\", \"runs\": 1, \"wentWrong\": 0")
                .contains("\"number\": 6,\n      \"name\": \"own-words\",\n      \"title\": \"Does something else\",\n"
                        + "      \"part\": \"pitfalls-on-the-way\",")
                .contains("\"part\": \"one-session-on-two-threads\",\n      \"heading\": \"One Session on two threads\",")
                .contains("\"scenarios\": [1, 7],\n      \"total\": {\n        \"broken\": {\"runs\": 3, \"wentWrong\": 1, \"hangs\": 0},")
                .contains("\"scenarios\": [6],\n      \"total\": {\n        \"broken\": {\"runs\": 1, \"wentWrong\": 1, \"hangs\": 0},")
                .contains("\"verdict\": \"Pitfalls on the way to a Session per thread: the broken side went wrong in 1 of 1 scenarios")
                // the whole run's totals and verdict, as before
                .contains("\"total\": {\n    \"broken\": {\"runs\": 4, \"wentWrong\": 2, \"hangs\": 0},")
                .contains("\"verdict\": \"Verdict: the broken side went wrong in 2 of 3 scenarios (2 of 4 runs)");
    }

    @Test
    @DisplayName("table with --guard: a third column between broken and safe, its stops counted apart from what went wrong, and a verdict of its own")
    void tableWithTheGuard() {
        List<String> lines = Report.table(guarded(Outcome.wrong("increments lost"))).lines().toList();

        assertThat(lines).anyMatch(l -> l.matches(" # +scenario +│ broken: one Session shared +│ broken, guard on:"
                + " hibernate\\.session_guard=confined +│ safe: a Session per unit of work"));
        assertThat(lines).anyMatch(l -> l.matches(" # +scenario +│ broken +│ broken, guard on: hibernate\\.session_guard=confined +│ safe"));
        assertThat(lines).anyMatch(l -> l.matches(" +│ wrong/runs +commonest failure +│ stopped  wrong/runs  stopped where, or commonest failure +│"
                + " wrong/runs  commonest failure"));
        assertThat(lines.get(indexOf(lines, " 1  Shares one Session")))
                .matches(" 1  Shares one Session +│ +1/1 +money vanished +│ +2 +0/2 +'Alice' in Session\\.beginTransaction +│ +0/1 +—");
        int own = indexOf(lines, " 6  Does something else");
        assertThat(lines.get(own)).matches(" 6  Does something else +│ +1/1 +increments lost +│ +0 +1/1 +increments lost +│ +0/1 +—");
        assertThat(lines.get(own + 1).indexOf("↳")).isEqualTo(lines.get(own).indexOf("increments lost"));
        assertThat(lines).containsSubsequence(
                "One Session on two threads, guard on: the session guard stopped the broken side in 2 of 2 runs (scenario 1), every row as it"
                        + " was when it stepped in; none went wrong.",
                "Pitfalls on the way to a Session per thread, guard on: the session guard stopped none of the broken side's 1 runs;"
                        + " 1 run went wrong all the same (scenario 6).");
    }

    @Test
    @DisplayName("with --guard, a run that changed a row after the guard stepped in is wrong, and the verdict calls it a bug in the guard")
    void aRowChangedAfterAStop() {
        String verdict = guarded(Outcome.wrong(Results.CHANGED_AFTER_A_STOP + "'Alice' in Session.find")).guardVerdict();

        assertThat(verdict).isEqualTo("Guard on: the session guard stopped the broken side in 2 of 3 runs (scenario 1), every row as it"
                + " was when it stepped in; 1 run went wrong all the same (scenario 6), 1 of them with a row changed after the guard"
                + " stepped in: a bug in the guard, please report it.");
    }

    @Test
    @DisplayName("with --guard, a run that went wrong though the guard stopped a call in it is wrong, and the verdict says the guard stepped in there too")
    void wrongThoughTheGuardStoppedACall() {
        String verdict = guarded(Outcome.wrong(Results.WRONG_AFTER_A_STOP + "'background-worker' in lazy loading of Customer.orders,"
                + " then NullPointerException: Cannot invoke ...")).guardVerdict();

        assertThat(verdict).isEqualTo("Guard on: the session guard stopped the broken side in 2 of 3 runs (scenario 1), every row as it"
                + " was when it stepped in; 1 run went wrong all the same (scenario 6), in 1 of them it had stopped a call too.");
    }

    @Test
    @DisplayName("markdown and json with --guard: the guarded side's stops and failures, and its verdict")
    void markdownAndJsonWithTheGuard() {
        Results results = guarded(Outcome.wrong("increments lost"));

        assertThat(Report.markdown(results))
                .contains("| broken, guard on: hibernate.session_guard=confined: stopped | guard on: went wrong |")
                .contains("| 1 | Shares one Session | 1/1 | money vanished | 2 | 0/2 | 'Alice' in Session.beginTransaction | 0/1 | — |")
                .contains("One Session on two threads, guard on: the session guard stopped the broken side in 2 of 2 runs");
        assertThat(Report.json(results))
                .contains("\"guard\": \"confined\"")
                .contains("\"guarded\": {\"does\": \"one Session shared\", \"runs\": 2, \"wentWrong\": 0, \"stopped\": 2")
                .contains("\"guarded\": {\"runs\": 3, \"wentWrong\": 1, \"stopped\": 2, \"hangs\": 0}")
                .contains("\"guardVerdict\": \"Guard on: ")
                .contains("\"guardVerdict\": \"Pitfalls on the way to a Session per thread, guard on: the session guard stopped none");
    }

    @Test
    @DisplayName("without --guard, no word of it: the report is the two sides' alone")
    void withoutTheGuard() {
        assertThat(Report.table(results())).doesNotContain("guard");
        assertThat(Report.markdown(results())).doesNotContain("guard");
        assertThat(Report.json(results())).doesNotContain("guard");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "' in\n" + String.join("\n", lines));
    }
}

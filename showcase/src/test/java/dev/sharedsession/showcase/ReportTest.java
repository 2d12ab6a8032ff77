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

    private static final ScenarioPair AS_THE_HEADER_SAYS = new ScenarioPair(1, "as-usual", "Shares one Session", 4,
            Side.BROKEN.meaning(), Side.SAFE.meaning(), NEVER_RUN, NEVER_RUN);
    private static final ScenarioPair ITS_OWN = new ScenarioPair(6, "own-words", "Does something else", 4,
            "a Session per thread, no version", Side.SAFE.meaning(), NEVER_RUN, NEVER_RUN);

    private static Results results() {
        return new Results(List.of(
                new Results.ScenarioResult(AS_THE_HEADER_SAYS, tally(Outcome.wrong("money vanished"), Outcome.ok()), tally(Outcome.ok())),
                new Results.ScenarioResult(ITS_OWN, tally(Outcome.wrong("increments lost")), tally(Outcome.ok()))),
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
    @DisplayName("table: a row whose side does something else than its column header says gets a line saying what")
    void table() {
        List<String> lines = Report.table(results()).lines().toList();

        assertThat(lines).anyMatch(l -> l.contains("broken: one Session shared") && l.contains("safe: a Session per unit of work"));
        int own = indexOf(lines, " 6  Does something else");
        assertThat(lines.get(own + 1)).contains("↳ here: a Session per thread, no version").doesNotContain("6");
        assertThat(lines.get(own + 1).indexOf("↳")).isEqualTo(lines.get(own).indexOf("increments lost"));
        int usual = indexOf(lines, " 1  Shares one Session");
        assertThat(lines.get(usual + 1)).startsWith(" 6  ");
        assertThat(lines).filteredOn(l -> l.contains("↳")).hasSize(1);
    }

    @Test
    @DisplayName("markdown: the headers name what each side does, and a row that differs says so in its cell")
    void markdown() {
        String markdown = Report.markdown(results());

        assertThat(markdown).contains("| broken (one Session shared): went wrong |", "| safe (a Session per unit of work): went wrong |");
        assertThat(markdown).contains("| 6 | Does something else | 1/1 | *here: a Session per thread, no version*; increments lost | 0/1 | — |");
        assertThat(markdown).contains("| 1 | Shares one Session | 1/2 | money vanished | 0/1 | — |");
    }

    @Test
    @DisplayName("json: every side says what it does")
    void json() {
        String json = Report.json(results());

        assertThat(json).contains("\"broken\": {\"does\": \"a Session per thread, no version\", \"runs\": 1, \"wentWrong\": 1")
                .contains("\"broken\": {\"does\": \"one Session shared\", \"runs\": 2, \"wentWrong\": 1")
                .contains("\"safe\": {\"does\": \"a Session per unit of work\", \"runs\": 1, \"wentWrong\": 0");
    }

    @Test
    @DisplayName("table with --guard: a third column between broken and safe, its stops counted apart from what went wrong, and a verdict of its own")
    void tableWithTheGuard() {
        List<String> lines = Report.table(guarded(Outcome.wrong("increments lost"))).lines().toList();

        assertThat(lines).anyMatch(l -> l.matches(" # +scenario +│ broken: one Session shared +│ broken, guard on:"
                + " hibernate\\.session_guard=confined +│ safe: a Session per unit of work"));
        assertThat(lines).anyMatch(l -> l.matches(" +│ wrong/runs +commonest failure +│ stopped  wrong/runs  stopped where, or commonest failure +│"
                + " wrong/runs  commonest failure"));
        assertThat(lines.get(indexOf(lines, " 1  Shares one Session")))
                .matches(" 1  Shares one Session +│ +1/1 +money vanished +│ +2 +0/2 +'Alice' in Session\\.beginTransaction +│ +0/1 +—");
        int own = indexOf(lines, " 6  Does something else");
        assertThat(lines.get(own)).matches(" 6  Does something else +│ +1/1 +increments lost +│ +0 +1/1 +increments lost +│ +0/1 +—");
        assertThat(lines.get(own + 1).indexOf("↳")).isEqualTo(lines.get(own).indexOf("increments lost"));
        assertThat(lines).contains("Guard on: the session guard stopped the broken side in 2 of 3 runs (scenario 1), every row as it"
                + " was when it stepped in; 1 run went wrong all the same (scenario 6).");
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
                .contains("Guard on: the session guard stopped the broken side in 2 of 3 runs");
        assertThat(Report.json(results))
                .contains("\"guard\": \"confined\"")
                .contains("\"guarded\": {\"does\": \"one Session shared\", \"runs\": 2, \"wentWrong\": 0, \"stopped\": 2")
                .contains("\"guarded\": {\"runs\": 3, \"wentWrong\": 1, \"stopped\": 2, \"hangs\": 0}")
                .contains("\"guardVerdict\": \"Guard on: ");
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

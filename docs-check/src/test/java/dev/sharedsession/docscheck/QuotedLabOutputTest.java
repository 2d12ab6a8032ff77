package dev.sharedsession.docscheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.webload.WebLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quoted-output check on made-up pages, with a made-up ./lab. */
class QuotedLabOutputTest {

    @TempDir
    Path root;

    private static final String FORCED = """
            Can I share a Hibernate Session between threads?  Hibernate 7.4.15.Final, H2 2.5.252 in memory, JDK 17.0.15, 2 CPUs
             4  Background task │ 1/1  IllegalStateException: closed │ 0/1  —
            Took 2.1 s in 2 worker JVMs.
            """;

    /** A ./lab that prints FORCED for forced runs, and a natural run's format with other numbers. */
    private static final class FakeLab implements QuotedLabOutput.Printer {
        int runs;

        @Override
        public Map<List<String>, String> print(List<List<String>> commands) {
            runs++;
            Map<List<String>, String> printed = new LinkedHashMap<>();
            commands.forEach(c -> printed.put(c, FORCED.replace("JDK 17.0.15, 2 CPUs", "JDK 21.0.2, 8 CPUs").replace("2.1 s", "1.7 s")));
            return printed;
        }

        @Override
        public boolean deterministic(List<String> args) {
            return args.contains("forced");
        }

        @Override
        public String format(List<String> args) {
            return """
                    Can I share a Hibernate Session between threads?  Hibernate 7.4.15.Final, H2 2.5.252 in memory, JDK 17.0.15, 2 CPUs
                     4  Background task      │     1/1    made up │     0/1    —
                                             │             ↳ here: a Session per thread │
                    Took 1.5 s in 2 worker JVMs.
                    """;
        }
    }

    private List<String> check(String page) throws Exception {
        Files.writeString(root.resolve("page.md"), page);
        return new QuotedLabOutput(root, new FakeLab()).check(List.of("page.md"));
    }

    @Test
    @DisplayName("a forced run's quoted output matches what it prints now, timings and versions masked")
    void aForcedRunMatchesWithTimingsAndVersionsMasked() throws Exception {
        assertThat(check("# Page\n\n<!-- output of: ./lab 4 --mode forced --runs 1 -->\n```text\n" + FORCED + "```\n")).isEmpty();
    }

    @Test
    @DisplayName("a stale forced run is reported with its page, command and the way to regenerate it")
    void aStaleForcedRunIsReportedWithItsPageCommandAndTheWayToRegenerate() throws Exception {
        List<String> problems = check("# Page\n\n<!-- output of: ./lab 4 --mode forced --runs 1 -->\n\n```text\n"
                + FORCED.replace("IllegalStateException: closed", "old words") + "```\n");
        assertThat(problems).singleElement().asString()
                .startsWith("page.md:3: the quoted output of `./lab 4 --mode forced --runs 1` is not what it prints now (line 2")
                .contains(QuotedLabOutput.REGENERATE);
    }

    @Test
    @DisplayName("a natural run's quoted output is compared by its format only")
    void aNaturalRunIsComparedByFormatOnly() throws Exception {
        String natural = """
                Can I share a Hibernate Session between threads?  Hibernate 7.4.15.Final, H2 2.5.252 in memory, JDK 17.0.15, 2 CPUs
                 4  Background task │   135/150   IllegalStateException: closed │     0/128   —
                                    │             ↳ here: a Session per thread  │
                Took 67.4 s in 2 worker JVMs.
                """;
        assertThat(check("<!-- output of: ./lab -->\n```\n" + natural + "```\n")).isEmpty();
        assertThat(check("<!-- output of: ./lab -->\n```\n" + natural.replace("Background task", "Old title") + "```\n"))
                .singleElement().asString().contains("not in the format ./lab prints now (line 2");
        assertThat(check("<!-- output of: ./lab -->\n```\n" + natural.lines().filter(l -> !l.contains("↳"))
                .reduce("", (a, b) -> a + b + "\n") + "```\n")).hasSize(1);
        // whether a natural run hangs is chance: a quoted run that had stuck runs still matches
        assertThat(check("<!-- output of: ./lab -->\n```\n" + natural.replace("in 2 worker JVMs.",
                "in 3 worker JVMs; 1 stuck run cut off by killing its worker.") + "```\n")).isEmpty();
    }

    @Test
    @DisplayName("a block that looks like ./lab output without a marker is a problem")
    void labOutputWithoutAMarkerIsAProblem() throws Exception {
        assertThat(check("```text\n    broken (one Session shared)          10/10 went wrong\n```\n"))
                .singleElement().asString().startsWith("page.md:1: a block that looks like ./lab output has no");
    }

    /** A ./lab web run as a real one looks: web-load's format with other counts and other bar lengths. */
    private static String webRun(String... args) {
        return WebLoad.format(List.of(args)).replaceAll("\\b\\d+\\b", "173").replaceAll("█+", "█".repeat(13));
    }

    private List<String> checkWeb(String page) throws Exception {
        Files.writeString(root.resolve("page.md"), page);
        return new QuotedLabOutput(root, new ShowcaseLab()).check(List.of("page.md"));
    }

    @Test
    @DisplayName("a quoted ./lab web run is compared by its format: other counts and bars pass, a renamed column or an older verdict does not")
    void aWebRunIsComparedByItsFormat() throws Exception {
        String run = webRun("--clients", "1,4");
        assertThat(run).startsWith("The shop under load: broken, safe and durable side by side.").contains("█".repeat(13));
        assertThat(checkWeb("<!-- output of: ./lab web --clients 1,4 -->\n```text\n" + run + "```\n")).isEmpty();
        assertThat(checkWeb("<!-- output of: ./lab web --clients 1,4 -->\n```text\n" + run.replaceFirst("ghost", "ghosts") + "```\n"))
                .singleElement().asString()
                .startsWith("page.md:1: the quoted output of `./lab web --clients 1,4` (a natural run: only its format is compared)")
                .contains("ghosts failures");
        // the verdict before traps 3 to 5 were audited ended at the log
        String older = run.replaceAll("(?m)^(broken: .* seen in the log);.*$", "$1.");
        assertThat(older).isNotEqualTo(run);
        assertThat(checkWeb("<!-- output of: ./lab web --clients 1,4 -->\n```text\n" + older + "```\n"))
                .singleElement().asString().contains("quoted \"broken: <n> of <n> acknowledged");
        // the same block quoted as another command's output: one side, not two
        assertThat(checkWeb("<!-- output of: ./lab web --clients 1,4 --side broken -->\n```text\n" + run + "```\n"))
                .singleElement().asString().contains("the broken side");
    }

    @Test
    @DisplayName("a block that looks like ./lab web output without a marker is a problem")
    void webOutputWithoutAMarkerIsAProblem() throws Exception {
        assertThat(checkWeb("# Page\n\n```text\n" + webRun() + "```\n"))
                .singleElement().asString().startsWith("page.md:3: a block that looks like ./lab output has no");
    }

    @Test
    @DisplayName("a marker not followed by a fenced block, or written inside a paragraph, is a problem")
    void aMarkerWithoutItsBlockIsAProblem() throws Exception {
        assertThat(check("# Page\n\n<!-- output of: ./lab 4 --mode forced --runs 1 -->\n\nSome text.\n"))
                .containsExactly("page.md:3: the marker `./lab 4 --mode forced --runs 1` is not followed by a fenced block"
                        + " (it must be a line of its own; only blank lines may come between)");
        assertThat(check("Some text <!-- output of: ./lab -->\n```text\nx\n```\n")).singleElement().asString()
                .startsWith("page.md:1: the marker `./lab` is not followed by a fenced block");
    }

    @Test
    @DisplayName("regenerating rewrites stale forced blocks only")
    void regenerateRewritesStaleForcedBlocksOnly() throws Exception {
        String page = "# Page\n\n<!-- output of: ./lab 4 --mode forced --runs 1 -->\n```text\nold\n```\n\nafter\n";
        Files.writeString(root.resolve("page.md"), page);
        FakeLab lab = new FakeLab();
        QuotedLabOutput quoted = new QuotedLabOutput(root, lab);

        assertThat(quoted.regenerate(List.of("page.md"))).containsExactly("page.md");
        assertThat(Files.readString(root.resolve("page.md"))).endsWith("JDK 21.0.2, 8 CPUs\n 4  Background task │ 1/1  IllegalStateException: closed │ 0/1  —\n"
                + "Took 1.7 s in 2 worker JVMs.\n```\n\nafter\n");
        assertThat(quoted.check(List.of("page.md"))).isEmpty();
        assertThat(quoted.regenerate(List.of("page.md"))).isEmpty();
    }
}

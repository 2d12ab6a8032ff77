package dev.sharedsession.docscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checker on small fixture pages (src/test/resources/fixture-project, read from the source
 * tree so that the fixture {@code lab} keeps its executable bit): a good page passes, and each kind
 * of mistake is reported with its file and line.
 */
class DocsCheckTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixture-project");
    /** The fixture project's code: a ./lab parser, two properties and their readers, a benchmark report's numbers. */
    private static final DocsCheck.ProjectCode CODE = new DocsCheck.ProjectCode(
            Map.of("./lab", FixtureLabArguments::problemWith,
                    "./bench", args -> Optional.empty()),
            Map.of("demo.mode", value -> oneOf("demo.mode", value, "fast", "slow"),
                    "demo.mode.verbose", value -> oneOf("demo.mode.verbose", value, "true", "false")),
            results -> {
                assertThat(results).isEqualTo(FIXTURE.toAbsolutePath().normalize().resolve("docs/benchmarks/results.json"));
                return Map.of("cost/openClose", "0.201 ± 0.0115",
                        "uow/h2/rtt1/uncontended/8/sessionPerOperation", "1,948");
            });

    private static void oneOf(String key, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new IllegalArgumentException(key + "=" + value + ": expected " + String.join(" or ", allowed));
        }
    }

    private static List<String> check(String page) {
        return DocsCheck.check(FIXTURE, CODE, List.of(page));
    }

    @Test
    @DisplayName("a good page (links, anchors, duplicate headings, commands, test names, properties, benchmark numbers) has no problems")
    void goodPagesPass() {
        assertThat(DocsCheck.pages(FIXTURE)).containsExactly("README.md", "docs/guide.md");
        assertThat(DocsCheck.check(FIXTURE, CODE)).isEmpty();
    }

    @Test
    @DisplayName("a link to a missing file, or out of the project, is reported with file and line")
    void brokenLinksAreReported() {
        assertThat(check("bad/broken-link.md")).containsExactly(
                "bad/broken-link.md:3: ../docs/missing.md → no such file or directory docs/missing.md",
                "bad/broken-link.md:3: ../../../../outside.md → points outside the project");
    }

    @Test
    @DisplayName("a modules' table that names a module the build lacks, or a package root a module's code is not in, is reported")
    void moduleTableMistakesAreReported() {
        assertThat(check("bad/modules.md")).containsExactly(
                "bad/modules.md:5: module beta → no such module in the build; remove the row or fix its name",
                "bad/modules.md:6: module alpha → alpha/src/test/java/demo/AlphaTest.java is in package 'demo',"
                        + " outside the module's root demo.other");
    }

    @Test
    @DisplayName("an anchor that is no heading of the target page is reported")
    void badAnchorsAreReported() {
        assertThat(check("bad/bad-anchor.md")).containsExactly(
                "bad/bad-anchor.md:3: ../docs/guide.md#step-2-run → no heading with anchor #step-2-run in docs/guide.md (did you mean #step-2-run-it?)",
                "bad/bad-anchor.md:3: #nowhere → no heading with anchor #nowhere in bad/bad-anchor.md",
                "bad/bad-anchor.md:3: ../alpha/pom.xml#top → #top on a file that is not Markdown (only #L12 or #L12-L20 work there)");
    }

    @Test
    @DisplayName("a heading whose anchor an earlier heading has, where GitHub would give it another, is reported")
    void anchorClashesAreReported() {
        assertThat(check("bad/anchor-clash.md")).containsExactly(
                "bad/anchor-clash.md:7: #notes-1 → an earlier heading has this anchor too, and GitHub would give this one another;"
                        + " reword one of the two headings");
    }

    @Test
    @DisplayName("an unknown module, profile, test pattern, phase or Maven option is reported")
    void mavenMistakesAreReported() {
        assertThat(check("bad/unknown-module.md")).containsExactly(
                "bad/unknown-module.md:4: ./mvnw verify -pl beta -am → -pl beta: no such module (modules: alpha)",
                "bad/unknown-module.md:5: ./mvnw verify -Pslow → -P slow: no pom defines this profile",
                "bad/unknown-module.md:6: ./mvnw verify -Dtest='Gamma*Test' → -Dtest=Gamma*Test matches no test class",
                "bad/unknown-module.md:7: ./mvnw verfy → 'verfy' is neither a Maven lifecycle phase nor a plugin:goal",
                "bad/unknown-module.md:8: ./mvnw --frobnicate verify → ./mvnw has no option '--frobnicate'");
    }

    @Test
    @DisplayName("an unknown command, rejected arguments, a missing script, file or directory, a git push are reported")
    void unknownCommandsAreReported() {
        assertThat(check("bad/unknown-command.md")).containsExactly(
                "bad/unknown-command.md:4: frobnicate --all → docs-check does not know the command 'frobnicate'; teach it or write it in a ```text block",
                "bad/unknown-command.md:5: ./lab --bogus → ./lab rejects its arguments: unknown option '--bogus'; try ./lab --help",
                "bad/unknown-command.md:6: ./bench --threads 2 → ./bench does not exist in the project root",
                "bad/unknown-command.md:7: cat alpha/missing.txt → cat: no such file alpha/missing.txt",
                "bad/unknown-command.md:8: cd nowhere → cd: no directory nowhere",
                "bad/unknown-command.md:9: git push → docs-check allows git checkout, clone, diff, log, restore, stash, status, switch, not 'git push'");
    }

    @Test
    @DisplayName("a test class or test method a page names that no module has is reported")
    void missingTestNamesAreReported() {
        assertThat(check("bad/test-names.md")).containsExactly(
                "bad/test-names.md:3: `BetaTest` → no test class BetaTest in any module's src/test/java",
                "bad/test-names.md:3: `AlphaTest.doesNotWork` → AlphaTest declares no method doesNotWork",
                "bad/test-names.md:4: `AlphaTest#fails()` → AlphaTest declares no method fails",
                "bad/test-names.md:4: `BetaTest.java` → no test class BetaTest in any module's src/test/java",
                "bad/test-names.md:5: `forcedRunShowsTheHeadlineFailure` → no method forcedRunShowsTheHeadlineFailure in any module's"
                        + " sources (a test method's name; write a library's method with its parentheses)");
    }

    @Test
    @DisplayName("a properties block with a comment after a value, a value its reader rejects, or a misspelt key is reported")
    void badPropertiesAreReported() {
        assertThat(check("bad/properties.md")).containsExactly(
                "bad/properties.md:6: demo.mode=fast   # or slow → Properties keeps the text after the value in it (a comment"
                        + " starts a line of its own, # or !); put it on the line above",
                "bad/properties.md:7: demo.mode.verbose=yes → rejected by the code that reads it: demo.mode.verbose=yes: expected true or false",
                "bad/properties.md:8: demo.mode.verbse=true → no code reads demo.mode.verbse (it reads demo.mode, demo.mode.verbose)");
    }

    @Test
    @DisplayName("a marked benchmark number that is not the report's, a name the report does not have, or a quoted number without a marker is reported")
    void staleBenchmarkNumbersAreReported() {
        assertThat(check("bad/benchmark-numbers.md")).containsExactly(
                "bad/benchmark-numbers.md:3: <!-- benchmark: cost/openClose --> → docs/benchmarks/results.json gives cost/openClose"
                        + " = 0.201 ± 0.0115, and the text it marks does not say so: \"Opening and closing a Session costs 0.49 ± 0.10 µs.\"",
                "bad/benchmark-numbers.md:6: <!-- benchmark: uow/h2/rtt1/uncontended/8/sessionPerOperation --> → docs/benchmarks/results.json"
                        + " gives uow/h2/rtt1/uncontended/8/sessionPerOperation = 1,948, and the text it marks does not say so:"
                        + " \"Behind a 1 ms round trip a Session per operation did 11,948 units of work a second, not 1,654.\"",
                "bad/benchmark-numbers.md:9: <!-- benchmark: cost/openclose --> → docs/benchmarks/results.json has no number named"
                        + " cost/openclose (names: cost/openClose, uow/h2/rtt1/uncontended/8/sessionPerOperation, ...)",
                "bad/benchmark-numbers.md:12: \"0.201 ± 0.0115 µs\", quoted from the benchmark report → the block has no"
                        + " <!-- benchmark: NAME ... --> marker, so it is not checked against docs/benchmarks/results.json");
    }
}

package dev.sharedsession.docscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checker on small fixture pages (src/test/resources/fixture-project, read from the source
 * tree so that the fixture {@code lab} keeps its executable bit): a good page passes, and each kind
 * of mistake is reported with its file and line.
 */
class DocsCheckTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixture-project");
    private static final Map<String, String> PARSERS = Map.of(
            "./lab", FixtureLabArguments.class.getName(),
            "./bench", "dev.sharedsession.benchmarks.NotOnTheClassPath");

    private static List<String> check(String page) {
        return DocsCheck.check(FIXTURE, PARSERS, List.of(page));
    }

    @Test
    @DisplayName("a good page (links, anchors, duplicate headings, commands) has no problems")
    void goodPagesPass() {
        assertThat(DocsCheck.pages(FIXTURE)).containsExactly("README.md", "docs/guide.md");
        assertThat(DocsCheck.check(FIXTURE, PARSERS)).isEmpty();
    }

    @Test
    @DisplayName("a link to a missing file, or out of the project, is reported with file and line")
    void brokenLinksAreReported() {
        assertThat(check("bad/broken-link.md")).containsExactly(
                "bad/broken-link.md:3: ../docs/missing.md → no such file or directory docs/missing.md",
                "bad/broken-link.md:3: ../../../../outside.md → points outside the project");
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
    @DisplayName("an unknown command, rejected arguments, a missing parser, file or directory, a git push are reported")
    void unknownCommandsAreReported() {
        assertThat(check("bad/unknown-command.md")).containsExactly(
                "bad/unknown-command.md:4: frobnicate --all → docs-check does not know the command 'frobnicate'; teach it or write it in a ```text block",
                "bad/unknown-command.md:5: ./lab --bogus → ./lab rejects its arguments: unknown option '--bogus'; try ./lab --help",
                "bad/unknown-command.md:6: ./bench --threads 2 → ./bench does not exist in the project root",
                "bad/unknown-command.md:6: ./bench --threads 2 → docs-check cannot check ./bench commands: dev.sharedsession.benchmarks.NotOnTheClassPath is not on its class path (add its module as a dependency of docs-check)",
                "bad/unknown-command.md:7: cat alpha/missing.txt → cat: no such file alpha/missing.txt",
                "bad/unknown-command.md:8: cd nowhere → cd: no directory nowhere",
                "bad/unknown-command.md:9: git push → docs-check allows git checkout, clone, diff, log, restore, stash, status, switch, not 'git push'");
    }
}

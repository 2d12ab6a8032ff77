package dev.sharedsession.docscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sharedsession.showcase.DocsLab;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The project's own docs: every relative link resolves and every command works as written. */
class DocsTest {

    private static final Path ROOT = Path.of(System.getProperty("docs.root", ".."));

    @Test
    @DisplayName("every relative link in the docs resolves and every command in them works as written")
    void theDocsAreRight() {
        assertThat(DocsCheck.pages(ROOT)).contains("README.md", "docs/README.md");
        List<String> problems = DocsCheck.check(ROOT);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) in the docs (see DocsCheck's javadoc for the rules):\n"
                    + String.join("\n", problems));
        }
    }

    @Test
    @DisplayName("every quoted ./lab output is what the program prints now (forced runs) or in its current format (natural runs)")
    void quotedLabOutputIsCurrent() {
        QuotedLabOutput quoted = new QuotedLabOutput(ROOT, new DocsLab());
        List<String> pages = DocsCheck.pages(ROOT);
        if (Boolean.getBoolean("docs.regenerate")) {
            List<String> changed = quoted.regenerate(pages);
            System.out.println("docs.regenerate: rewrote the quoted ./lab output in " + (changed.isEmpty() ? "no page" : String.join(", ", changed)));
        }
        List<String> problems = quoted.check(pages);
        if (!problems.isEmpty()) {
            fail(problems.size() + " quoted ./lab output(s) out of date (see QuotedLabOutput's javadoc for the rules):\n"
                    + String.join("\n", problems));
        }
    }
}

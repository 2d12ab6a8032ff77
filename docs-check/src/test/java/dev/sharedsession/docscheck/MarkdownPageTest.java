package dev.sharedsession.docscheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The anchors commonmark's heading-anchor extension gives are GitHub's, for the kinds of heading our docs have. */
class MarkdownPageTest {

    private static MarkdownPage page(String markdown) {
        return MarkdownPage.parse(markdown);
    }

    @Test
    @DisplayName("a heading's anchor is GitHub's: lower case, punctuation dropped except - and _, spaces become -")
    void anchorsFollowGitHub() {
        assertThat(page("""
                # Stress06_LostUpdate.SharedSession
                ## `./lab --guard`: the broken side under the guard, run after run
                ## SQLAlchemy ↔ Hibernate concept map
                ## 2. What a Session costs
                # Scenario 8: "Fixed" with a lock
                ## Agenda (3 h)
                ### Uncontended, modelled RTT 0.2 ms
                ## The JPA `EntityManager`
                # Scenario 13: One failed statement, everyone's transaction
                ## The [concept map](x.md), with a link
                Setext heading
                ---
                """).anchors()).containsExactly(
                "stress06_lostupdatesharedsession",
                "lab---guard-the-broken-side-under-the-guard-run-after-run",
                "sqlalchemy--hibernate-concept-map",
                "2-what-a-session-costs",
                "scenario-8-fixed-with-a-lock",
                "agenda-3-h",
                "uncontended-modelled-rtt-02-ms",
                "the-jpa-entitymanager",
                "scenario-13-one-failed-statement-everyones-transaction",
                "the-concept-map-with-a-link",
                "setext-heading");
    }

    @Test
    @DisplayName("a repeated heading gets -1, -2, ... like on GitHub")
    void repeatedHeadingsAreNumbered() {
        assertThat(page("## Stuck?\n\n## Stuck?\n\n## Stuck?\n").anchors()).containsExactly("stuck", "stuck-1", "stuck-2");
    }

    @Test
    @DisplayName("a heading whose anchor an earlier one has (where commonmark and GitHub part) is a clash, with its line")
    void anchorClashesAreFound() {
        MarkdownPage page = page("## Notes\n\n## Notes\n\n## Notes 1\n");
        assertThat(page.anchors()).containsExactly("notes", "notes-1");
        assertThat(page.clashes()).containsExactly(new MarkdownPage.Clash(5, "notes-1"));
        assertThat(page("## Stuck?\n\n## Stuck?\n").clashes()).isEmpty();
    }

    @Test
    @DisplayName("links in code are not links; HTML ids are anchors; each link has its line")
    void linksAndHtmlAnchors() {
        MarkdownPage page = page("""
                # Title

                Not a link: `[x](nowhere.md)`. A [link](a.md) and
                a [reference][r] and <a href="b.md">HTML</a>.

                <a id="custom"></a>

                [r]: c.md
                """);
        assertThat(page.links()).containsExactly(new MarkdownPage.Link(3, "a.md"), new MarkdownPage.Link(4, "c.md"),
                new MarkdownPage.Link(4, "b.md"));
        assertThat(page.anchors()).containsExactly("title", "custom");
    }
}

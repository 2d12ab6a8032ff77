package dev.sharedsession.docscheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GithubSluggerTest {

    @Test
    @DisplayName("slugs follow GitHub: lower case, punctuation dropped except - and _, spaces become -")
    void slugsFollowGitHub() {
        GithubSlugger slugger = new GithubSlugger();
        assertThat(slugger.slug("Stress01_ConcurrentUnitsOfWork.TwoVisitors")).isEqualTo("stress01_concurrentunitsofworktwovisitors");
        assertThat(slugger.slug("What you see (Hibernate 7.4.15)")).isEqualTo("what-you-see-hibernate-7415");
        assertThat(slugger.slug("`SessionFactory` vs `Session`")).isEqualTo("sessionfactory-vs-session");
        assertThat(slugger.slug("SQLAlchemy ↔ Hibernate: the [concept map](x.md)")).isEqualTo("sqlalchemy--hibernate-the-concept-map");
        assertThat(slugger.slug("\"Fixed\" with a lock")).isEqualTo("fixed-with-a-lock");
    }

    @Test
    @DisplayName("a repeated heading gets -1, -2, ... like on GitHub")
    void repeatedHeadingsAreNumbered() {
        GithubSlugger slugger = new GithubSlugger();
        assertThat(slugger.slug("Notes")).isEqualTo("notes");
        assertThat(slugger.slug("Notes")).isEqualTo("notes-1");
        assertThat(slugger.slug("Notes")).isEqualTo("notes-2");
        assertThat(slugger.slug("Notes 1")).isEqualTo("notes-1-1");
    }
}

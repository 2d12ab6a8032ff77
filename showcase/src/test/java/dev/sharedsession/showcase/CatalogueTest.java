package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.runs.ScenarioRun;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each side binds its runs once, in its {@code Bindings}; the catalogue pairs them by hand. This
 * is what keeps the three in step: a scenario missing from a side, two swapped, or a pair built
 * from a binding of its own fails here, not silently in {@code ./lab}.
 */
@DisplayName("The catalogue and both sides' Bindings")
class CatalogueTest {

    private static final List<ScenarioRun> BROKEN = dev.sharedsession.broken.Bindings.ALL;
    private static final List<ScenarioRun> SAFE = dev.sharedsession.safe.Bindings.ALL;

    @Test
    @DisplayName("every side binds every scenario of the catalogue: the same count, numbered 1 to n in order")
    void everySideBindsEveryScenario() {
        assertThat(BROKEN).hasSameSizeAs(Catalogue.ALL);
        assertThat(SAFE).hasSameSizeAs(Catalogue.ALL);
        for (int i = 0; i < Catalogue.ALL.size(); i++) {
            assertThat(Catalogue.ALL.get(i).number()).as("scenario at %d", i).isEqualTo(i + 1);
        }
    }

    @Test
    @DisplayName("the broken and the safe side bind scenario n with the same runs class")
    void bothSidesBindTheSameRunsClass() {
        for (int i = 0; i < BROKEN.size(); i++) {
            assertThat(SAFE.get(i)).as("scenario %d", i + 1).hasSameClassAs(BROKEN.get(i));
        }
    }

    @Test
    @DisplayName("each pair of the catalogue runs exactly the instances its two sides bind, no copy of its own")
    void theCatalogueRunsTheSidesOwnBindings() {
        for (int i = 0; i < Catalogue.ALL.size(); i++) {
            ScenarioPair pair = Catalogue.ALL.get(i);
            assertThat(pair.broken()).as("scenario %d, broken", pair.number()).isSameAs(BROKEN.get(i));
            assertThat(pair.safe()).as("scenario %d, safe", pair.number()).isSameAs(SAFE.get(i));
        }
    }
}

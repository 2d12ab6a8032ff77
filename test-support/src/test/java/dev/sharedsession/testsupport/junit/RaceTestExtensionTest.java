package dev.sharedsession.testsupport.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

@DisplayName("-Drace.repetitions sets how often a @RaceTest repeats")
class RaceTestExtensionTest {

    private final String before = System.getProperty(RaceTestExtension.REPETITIONS);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(RaceTestExtension.REPETITIONS);
        } else {
            System.setProperty(RaceTestExtension.REPETITIONS, before);
        }
    }

    @Test
    @DisplayName("a whole number is taken as it is; nothing given means 3")
    void wholeNumbers() {
        System.setProperty(RaceTestExtension.REPETITIONS, "1000");
        assertThat(RaceTestExtension.repetitions()).isEqualTo(1000);
        System.clearProperty(RaceTestExtension.REPETITIONS);
        assertThat(RaceTestExtension.repetitions()).isEqualTo(3);
    }

    @Test
    @DisplayName("anything else is refused with one line that says what to write instead")
    void badValues() {
        for (String bad : new String[] {"lots", "0", "-5"}) {
            System.setProperty(RaceTestExtension.REPETITIONS, bad);
            assertThatThrownBy(RaceTestExtension::repetitions)
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("-Drace.repetitions=" + bad + " is not a whole number of at least 1; try -Drace.repetitions=1000");
        }
    }

    @RaceTest
    @DisplayName("each repetition gets its own open database")
    void eachRepetitionGetsAFreshDatabase(dev.sharedsession.database.Database db) {
        assertThat(db.countRows("Counter")).isZero();
        db.sessionFactory().inTransaction(session -> session.persist(new dev.sharedsession.model.Counter("x")));
        assertThat(db.countRows("Counter")).isEqualTo(1);
    }
}

package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.guard.SessionGuard;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which of ./lab's sides run under the session guard: the safe side does, so a false alarm would show as a safe run gone wrong. */
@DisplayName("./lab's databases: the broken side without the session guard, the guarded and the safe side with it")
class WorkerSettingsTest {

    @Test
    @DisplayName("the safe side's and the guarded side's databases are built with hibernate.session_guard=confined, the broken side's without")
    void theSafeSideRunsUnderTheGuard() {
        assertThat(Worker.settingsFor(Side.SAFE, 4).hibernateSettings()).containsEntry(SessionGuard.SETTING, "confined");
        assertThat(Worker.settingsFor(Side.GUARDED, 4).hibernateSettings()).containsEntry(SessionGuard.SETTING, "confined");
        assertThat(Worker.settingsFor(Side.BROKEN, 4).hibernateSettings()).doesNotContainKey(SessionGuard.SETTING);
    }
}

package dev.sharedsession.guard;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.PausePoints;

/** A test database whose SessionFactory is guarded by the one property, with pause points. */
final class GuardedDatabase {

    private GuardedDatabase() {
    }

    static Database open(String label, String policy) {
        return PausePoints.openDatabase(Database.Settings.fromSystemProperties(label)
                .withHibernateSetting(SessionGuard.SETTING, policy));
    }

    static Database openRecordingOpenSites(String label, String policy) {
        return PausePoints.openDatabase(Database.Settings.fromSystemProperties(label)
                .withHibernateSetting(SessionGuard.SETTING, policy)
                .withHibernateSetting(SessionGuard.OPEN_SITE_SETTING, "true"));
    }
}

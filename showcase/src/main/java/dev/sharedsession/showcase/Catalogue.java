package dev.sharedsession.showcase;

import static dev.sharedsession.showcase.ScenarioPair.FIXED_CAST;

import dev.sharedsession.common.race.NaturalRun;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every scenario the showcase can run, in reading order: the only place that names the
 * scenario classes, so wiring a new way to run them touches this file alone.
 */
final class Catalogue {

    // PLACEHOLDER until the forced runs (runForced) and the thread counts (runNaturally(db, threads),
    // DEFAULT_THREADS) are merged: then each entry becomes
    //   new ScenarioPair(n, name, title, X.DEFAULT_THREADS (or FIXED_CAST),
    //       (db, threads) -> broken.X.runNaturally(db, threads), (db, threads) -> safe.X.runNaturally(db, threads),
    //       broken.X::runForced, safe.X::runForced)
    private static final NaturalRun NOT_YET = null;

    static final List<ScenarioPair> ALL = List.of(
            new ScenarioPair(1, "units-of-work", "Concurrent units of work on one Session", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(2, "two-owners", "One transaction, two owners", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(3, "read-only", "Read-only sharing is not safe either", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario03_ReadOnlySharing.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario03_ReadOnlySharing.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(4, "background-task", "Background task after the request", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(5, "handed-entities", "Entities handed across threads", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(6, "lost-update", "Lost update", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario06_LostUpdate.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario06_LostUpdate.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(7, "stale-cache", "Stale first-level cache", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario07_StaleFirstLevelCache.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario07_StaleFirstLevelCache.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(8, "lock", "\"Fixed\" with a lock", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario08_FixedWithALock.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario08_FixedWithALock.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(9, "thread-bound", "Thread-bound current Session in a pool", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario09_ThreadBoundSessionInAPool.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario09_ThreadBoundSessionInAPool.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(10, "swallowed-failure", "Swallowed background failure", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario10_SwallowedBackgroundFailure.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario10_SwallowedBackgroundFailure.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(11, "lives-forever", "The Session that lives forever", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario11_SessionThatLivesForever.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario11_SessionThatLivesForever.runNaturally(db),
                    NOT_YET, NOT_YET),
            new ScenarioPair(12, "pool-starvation", "Pool starvation", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario12_PoolStarvation.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario12_PoolStarvation.runNaturally(db),
                    NOT_YET, NOT_YET));

    private Catalogue() {
    }

    /** The scenario called {@code number} or by its short name, among {@code scenarios}. */
    static Optional<ScenarioPair> find(List<ScenarioPair> scenarios, String numberOrName) {
        String wanted = numberOrName.trim().toLowerCase(Locale.ROOT);
        return scenarios.stream()
                .filter(s -> String.valueOf(s.number()).equals(wanted) || s.name().equals(wanted))
                .findFirst();
    }
}

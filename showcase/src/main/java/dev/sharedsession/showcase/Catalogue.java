package dev.sharedsession.showcase;

import static dev.sharedsession.showcase.ScenarioPair.FIXED_CAST;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every scenario the showcase can run, in reading order: the only place that names the
 * scenario classes, so wiring a new way to run them touches this file alone.
 */
final class Catalogue {

    // Scenarios 9 and 10 have a fixed cast (a pool of two workers; one worker): --threads does not apply.
    static final List<ScenarioPair> ALL = List.of(
            new ScenarioPair(1, "units-of-work", "Concurrent units of work on one Session", dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork::runForced, dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork::runForced),
            new ScenarioPair(2, "two-owners", "One transaction, two owners", dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners::runForced, dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners::runForced),
            new ScenarioPair(3, "read-only", "Read-only sharing is not safe either", dev.sharedsession.broken.Scenario03_ReadOnlySharing.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario03_ReadOnlySharing.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario03_ReadOnlySharing.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario03_ReadOnlySharing::runForced, dev.sharedsession.safe.Scenario03_ReadOnlySharing::runForced),
            new ScenarioPair(4, "background-task", "Background task after the request", dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest::runForced, dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest::runForced),
            new ScenarioPair(5, "handed-entities", "Entities handed across threads", dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads::runForced, dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads::runForced),
            new ScenarioPair(6, "lost-update", "Lost update", dev.sharedsession.broken.Scenario06_LostUpdate.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario06_LostUpdate.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario06_LostUpdate.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario06_LostUpdate::runForced, dev.sharedsession.safe.Scenario06_LostUpdate::runForced),
            new ScenarioPair(7, "stale-cache", "Stale first-level cache", dev.sharedsession.broken.Scenario07_StaleFirstLevelCache.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario07_StaleFirstLevelCache.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario07_StaleFirstLevelCache.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario07_StaleFirstLevelCache::runForced, dev.sharedsession.safe.Scenario07_StaleFirstLevelCache::runForced),
            new ScenarioPair(8, "lock", "\"Fixed\" with a lock", dev.sharedsession.broken.Scenario08_FixedWithALock.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario08_FixedWithALock.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario08_FixedWithALock.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario08_FixedWithALock::runForced, dev.sharedsession.safe.Scenario08_FixedWithALock::runForced),
            new ScenarioPair(9, "thread-bound", "Thread-bound current Session in a pool", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario09_ThreadBoundSessionInAPool.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario09_ThreadBoundSessionInAPool.runNaturally(db),
                    dev.sharedsession.broken.Scenario09_ThreadBoundSessionInAPool::runForced, dev.sharedsession.safe.Scenario09_ThreadBoundSessionInAPool::runForced),
            new ScenarioPair(10, "swallowed-failure", "Swallowed background failure", FIXED_CAST,
                    (db, threads) -> dev.sharedsession.broken.Scenario10_SwallowedBackgroundFailure.runNaturally(db),
                    (db, threads) -> dev.sharedsession.safe.Scenario10_SwallowedBackgroundFailure.runNaturally(db),
                    dev.sharedsession.broken.Scenario10_SwallowedBackgroundFailure::runForced, dev.sharedsession.safe.Scenario10_SwallowedBackgroundFailure::runForced),
            new ScenarioPair(11, "lives-forever", "The Session that lives forever", dev.sharedsession.broken.Scenario11_SessionThatLivesForever.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario11_SessionThatLivesForever.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario11_SessionThatLivesForever.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario11_SessionThatLivesForever::runForced, dev.sharedsession.safe.Scenario11_SessionThatLivesForever::runForced),
            new ScenarioPair(12, "pool-starvation", "Pool starvation", dev.sharedsession.broken.Scenario12_PoolStarvation.DEFAULT_THREADS,
                    (db, threads) -> dev.sharedsession.broken.Scenario12_PoolStarvation.runNaturally(db, threads),
                    (db, threads) -> dev.sharedsession.safe.Scenario12_PoolStarvation.runNaturally(db, threads),
                    dev.sharedsession.broken.Scenario12_PoolStarvation::runForced, dev.sharedsession.safe.Scenario12_PoolStarvation::runForced));

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

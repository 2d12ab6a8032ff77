package dev.sharedsession.showcase;

import java.util.List;

/** Every scenario the showcase can run, in reading order. */
final class Catalogue {

    static final List<ScenarioPair> ALL = List.of(
            new ScenarioPair(1, "Concurrent units of work on one Session", dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork::runNaturally,
                    dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork::runNaturally),
            new ScenarioPair(2, "One transaction, two owners", dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners::runNaturally,
                    dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners::runNaturally),
            new ScenarioPair(3, "Read-only sharing is not safe either", dev.sharedsession.broken.Scenario03_ReadOnlySharing::runNaturally,
                    dev.sharedsession.safe.Scenario03_ReadOnlySharing::runNaturally),
            new ScenarioPair(4, "Background task after the request closed its Session", dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest::runNaturally,
                    dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest::runNaturally),
            new ScenarioPair(5, "Entities handed across threads", dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads::runNaturally,
                    dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads::runNaturally),
            new ScenarioPair(6, "Lost update: read-modify-write of one counter", dev.sharedsession.broken.Scenario06_LostUpdate::runNaturally,
                    dev.sharedsession.safe.Scenario06_LostUpdate::runNaturally),
            new ScenarioPair(7, "Stale first-level cache of a long-lived Session", dev.sharedsession.broken.Scenario07_StaleFirstLevelCache::runNaturally,
                    dev.sharedsession.safe.Scenario07_StaleFirstLevelCache::runNaturally),
            new ScenarioPair(8, "\"Fixed\" with a lock", dev.sharedsession.broken.Scenario08_FixedWithALock::runNaturally,
                    dev.sharedsession.safe.Scenario08_FixedWithALock::runNaturally),
            new ScenarioPair(9, "Thread-bound current Session on a thread pool", dev.sharedsession.broken.Scenario09_ThreadBoundSessionInAPool::runNaturally,
                    dev.sharedsession.safe.Scenario09_ThreadBoundSessionInAPool::runNaturally),
            new ScenarioPair(10, "Background failure swallowed by a dropped Future", dev.sharedsession.broken.Scenario10_SwallowedBackgroundFailure::runNaturally,
                    dev.sharedsession.safe.Scenario10_SwallowedBackgroundFailure::runNaturally),
            new ScenarioPair(11, "The Session that lives forever", dev.sharedsession.broken.Scenario11_SessionThatLivesForever::runNaturally,
                    dev.sharedsession.safe.Scenario11_SessionThatLivesForever::runNaturally),
            new ScenarioPair(12, "Connection pool starved by slow background work", dev.sharedsession.broken.Scenario12_PoolStarvation::runNaturally,
                    dev.sharedsession.safe.Scenario12_PoolStarvation::runNaturally));

    private Catalogue() {
    }
}

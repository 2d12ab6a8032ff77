package dev.sharedsession.showcase;

import static dev.sharedsession.showcase.ScenarioPair.A_SESSION_PER_UNIT_OF_WORK;
import static dev.sharedsession.showcase.ScenarioPair.FIXED_CAST;
import static dev.sharedsession.showcase.ScenarioPair.ONE_SESSION_SHARED;

import dev.sharedsession.runs.Runs01_ConcurrentUnitsOfWork;
import dev.sharedsession.runs.Runs02_OneTransactionTwoOwners;
import dev.sharedsession.runs.Runs03_ReadOnlySharing;
import dev.sharedsession.runs.Runs04_BackgroundTaskAfterRequest;
import dev.sharedsession.runs.Runs05_EntitiesHandedAcrossThreads;
import dev.sharedsession.runs.Runs06_LostUpdate;
import dev.sharedsession.runs.Runs07_StaleFirstLevelCache;
import dev.sharedsession.runs.Runs08_FixedWithALock;
import dev.sharedsession.runs.Runs09_ThreadBoundSessionInAPool;
import dev.sharedsession.runs.Runs10_SwallowedBackgroundFailure;
import dev.sharedsession.runs.Runs11_SessionThatLivesForever;
import dev.sharedsession.runs.Runs12_PoolStarvation;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction;
import dev.sharedsession.runs.Runs14_IdentityInsertInAnotherTransaction;
import dev.sharedsession.runs.Runs15_LockWaitOnTheServer;
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
            new ScenarioPair(1, "units-of-work", "Concurrent units of work on one Session", Runs01_ConcurrentUnitsOfWork.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    new Runs01_ConcurrentUnitsOfWork<>(dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork::new,
                            dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork::recordVisit, dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork::close),
                    new Runs01_ConcurrentUnitsOfWork<>(dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork::new,
                            dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork::recordVisit, dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork::close)),
            new ScenarioPair(2, "two-owners", "One transaction, two owners", Runs02_OneTransactionTwoOwners.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    new Runs02_OneTransactionTwoOwners<>(dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners::new,
                            dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners::close),
                    new Runs02_OneTransactionTwoOwners<>(dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners::new,
                            dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners::close)),
            new ScenarioPair(3, "read-only", "Read-only sharing is not safe either", Runs03_ReadOnlySharing.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    new Runs03_ReadOnlySharing<>(dev.sharedsession.broken.Scenario03_ReadOnlySharing::new, dev.sharedsession.broken.Scenario03_ReadOnlySharing::orderSummary,
                            dev.sharedsession.broken.Scenario03_ReadOnlySharing::customerNames, dev.sharedsession.broken.Scenario03_ReadOnlySharing::close),
                    new Runs03_ReadOnlySharing<>(dev.sharedsession.safe.Scenario03_ReadOnlySharing::new, dev.sharedsession.safe.Scenario03_ReadOnlySharing::orderSummary,
                            dev.sharedsession.safe.Scenario03_ReadOnlySharing::customerNames, dev.sharedsession.safe.Scenario03_ReadOnlySharing::close)),
            new ScenarioPair(4, "background-task", "Background task after the request", Runs04_BackgroundTaskAfterRequest.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    new Runs04_BackgroundTaskAfterRequest((sessionFactory, background, customerId) ->
                            new dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest(sessionFactory, background).checkout(customerId).receipt()),
                    new Runs04_BackgroundTaskAfterRequest((sessionFactory, background, customerId) ->
                            new dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest(sessionFactory, background).checkout(customerId).receipt())),
            new ScenarioPair(5, "handed-entities", "Entities handed across threads", Runs05_EntitiesHandedAcrossThreads.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    new Runs05_EntitiesHandedAcrossThreads((sessionFactory, background, customerId) ->
                            new dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads(sessionFactory, background).orderReport(customerId)),
                    new Runs05_EntitiesHandedAcrossThreads((sessionFactory, background, customerId) ->
                            new dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads(sessionFactory, background).orderReport(customerId))),
            new ScenarioPair(6, "lost-update", "Lost update", Runs06_LostUpdate.DEFAULT_THREADS,
                    "a Session per thread, no version", "a Session per thread, an atomic UPDATE",
                    new Runs06_LostUpdate((sessionFactory, counterId) ->
                            new dev.sharedsession.broken.Scenario06_LostUpdate(sessionFactory).hit(counterId)),
                    new Runs06_LostUpdate((sessionFactory, counterId) ->
                            new dev.sharedsession.safe.Scenario06_LostUpdate(sessionFactory).hit(counterId))),
            new ScenarioPair(7, "stale-cache", "Stale first-level cache", Runs07_StaleFirstLevelCache.DEFAULT_THREADS,
                    "one long-lived Session for the catalogue; @Version, no retry",
                    "a Session per unit of work; @Version and a retry",
                    new Runs07_StaleFirstLevelCache(sessionFactory -> {
                        var storefront = new dev.sharedsession.broken.Scenario07_StaleFirstLevelCache(sessionFactory);
                        return new Runs07_StaleFirstLevelCache.Storefront(storefront::productPage, storefront::reprice,
                                storefront::repriceVersioned, storefront::close);
                    }, dev.sharedsession.broken.Scenario07_StaleFirstLevelCache::ship, dev.sharedsession.broken.Scenario07_StaleFirstLevelCache::shipVersioned),
                    new Runs07_StaleFirstLevelCache(sessionFactory -> {
                        var storefront = new dev.sharedsession.safe.Scenario07_StaleFirstLevelCache(sessionFactory);
                        return new Runs07_StaleFirstLevelCache.Storefront(storefront::productPage, storefront::reprice,
                                storefront::repriceVersioned, storefront::close);
                    }, dev.sharedsession.safe.Scenario07_StaleFirstLevelCache::ship, dev.sharedsession.safe.Scenario07_StaleFirstLevelCache::shipVersioned)),
            new ScenarioPair(8, "lock", "\"Fixed\" with a lock", Runs08_FixedWithALock.DEFAULT_THREADS,
                    "one Session shared, every call on it locked", A_SESSION_PER_UNIT_OF_WORK,
                    new Runs08_FixedWithALock<>(dev.sharedsession.broken.Scenario08_FixedWithALock::new,
                            dev.sharedsession.broken.Scenario08_FixedWithALock::close),
                    new Runs08_FixedWithALock<>(dev.sharedsession.safe.Scenario08_FixedWithALock::new,
                            dev.sharedsession.safe.Scenario08_FixedWithALock::close)),
            new ScenarioPair(9, "thread-bound", "Thread-bound current Session in a pool", FIXED_CAST,
                    "a current Session per pool thread, left open by a failed task", "a current Session per task, always ended",
                    new Runs09_ThreadBoundSessionInAPool((sessionFactory, background, customerId, lines) ->
                            new dev.sharedsession.broken.Scenario09_ThreadBoundSessionInAPool(sessionFactory, background).submitImport(customerId, lines)),
                    new Runs09_ThreadBoundSessionInAPool((sessionFactory, background, customerId, lines) ->
                            new dev.sharedsession.safe.Scenario09_ThreadBoundSessionInAPool(sessionFactory, background).submitImport(customerId, lines))),
            new ScenarioPair(10, "swallowed-failure", "Swallowed background failure", FIXED_CAST,
                    "a Session per task; its failure dropped with submit()'s Future", "a Session per task; its failure reaches the caller",
                    new Runs10_SwallowedBackgroundFailure(sessionFactory -> {
                        var pool = new Runs10_SwallowedBackgroundFailure.WitnessedPool(1);
                        return Runs10_SwallowedBackgroundFailure.desk(
                                new dev.sharedsession.broken.Scenario10_SwallowedBackgroundFailure(sessionFactory, pool)::checkout, pool::finish);
                    }),
                    new Runs10_SwallowedBackgroundFailure(sessionFactory -> {
                        var runner = new dev.sharedsession.safe.BackgroundTasks("background-worker", 1, 10);
                        return Runs10_SwallowedBackgroundFailure.desk(
                                new dev.sharedsession.safe.Scenario10_SwallowedBackgroundFailure(sessionFactory, runner)::checkout, limit -> {
                                    try {
                                        return runner.drain(limit);
                                    } finally {
                                        runner.close();
                                    }
                                });
                    })),
            new ScenarioPair(11, "lives-forever", "The Session that lives forever", Runs11_SessionThatLivesForever.DEFAULT_THREADS,
                    "one Session for the application's lifetime", A_SESSION_PER_UNIT_OF_WORK,
                    new Runs11_SessionThatLivesForever(sessionFactory -> {
                        var intake = new dev.sharedsession.broken.Scenario11_SessionThatLivesForever(sessionFactory);
                        return new Runs11_SessionThatLivesForever.Intake(intake::placeOrder, intake::managedEntities, intake::managedAtCommit, intake::close);
                    }),
                    new Runs11_SessionThatLivesForever(sessionFactory -> {
                        var intake = new dev.sharedsession.safe.Scenario11_SessionThatLivesForever(sessionFactory);
                        return new Runs11_SessionThatLivesForever.Intake(intake::placeOrder, intake::managedEntities, intake::managedAtCommit, intake::close);
                    })),
            new ScenarioPair(12, "pool-starvation", "Pool starvation", Runs12_PoolStarvation.DEFAULT_THREADS,
                    "Sessions held through slow work, a worker per connection",
                    "no Session held through slow work, fewer workers than connections",
                    new Runs12_PoolStarvation(dev.sharedsession.broken.Scenario12_PoolStarvation::smallPool,
                            dev.sharedsession.broken.Scenario12_PoolStarvation::backgroundThreadsFor, (sessionFactory, background, slowWork) -> {
                                var shop = new dev.sharedsession.broken.Scenario12_PoolStarvation(sessionFactory, background, slowWork::render);
                                return new Runs12_PoolStarvation.Shop(shop::submitStatement, shop::placeOrder);
                            }),
                    new Runs12_PoolStarvation(dev.sharedsession.safe.Scenario12_PoolStarvation::smallPool,
                            dev.sharedsession.safe.Scenario12_PoolStarvation::backgroundThreadsFor, (sessionFactory, background, slowWork) -> {
                                var shop = new dev.sharedsession.safe.Scenario12_PoolStarvation(sessionFactory, background, slowWork::render);
                                return new Runs12_PoolStarvation.Shop(shop::submitStatement, shop::placeOrder);
                            })),
            new ScenarioPair(13, "aborted-transaction", "One failed statement, everyone's transaction", Runs13_FailedStatementAbortsTheTransaction.DEFAULT_THREADS,
                    "one Session and transaction per batch of requests", "a Session and transaction per request",
                    new Runs13_FailedStatementAbortsTheTransaction(sessionFactory -> {
                        var desk = new dev.sharedsession.broken.Scenario13_FailedStatementAbortsTheTransaction(sessionFactory);
                        return new Runs13_FailedStatementAbortsTheTransaction.Desk(desk::openAccount, desk::balanceOf, desk::commitBatch, desk::close);
                    }),
                    new Runs13_FailedStatementAbortsTheTransaction(sessionFactory -> {
                        var desk = new dev.sharedsession.safe.Scenario13_FailedStatementAbortsTheTransaction(sessionFactory);
                        return new Runs13_FailedStatementAbortsTheTransaction.Desk(desk::openAccount, desk::balanceOf, desk::commitBatch, desk::close);
                    })),
            new ScenarioPair(14, "identity-ids", "Identity ids: persist inserts at once", Runs14_IdentityInsertInAnotherTransaction.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    new Runs14_IdentityInsertInAnotherTransaction<>(dev.sharedsession.broken.Scenario14_IdentityInsertInAnotherTransaction::new,
                            dev.sharedsession.broken.Scenario14_IdentityInsertInAnotherTransaction::openTicket, dev.sharedsession.broken.Scenario14_IdentityInsertInAnotherTransaction::close),
                    new Runs14_IdentityInsertInAnotherTransaction<>(dev.sharedsession.safe.Scenario14_IdentityInsertInAnotherTransaction::new,
                            dev.sharedsession.safe.Scenario14_IdentityInsertInAnotherTransaction::openTicket, dev.sharedsession.safe.Scenario14_IdentityInsertInAnotherTransaction::close)),
            new ScenarioPair(15, "lock-wait", "A lock wait on the server", Runs15_LockWaitOnTheServer.DEFAULT_THREADS,
                    "one Session and transaction per batch of requests", "a Session and transaction per request",
                    new Runs15_LockWaitOnTheServer(sessionFactory -> {
                        var desk = new dev.sharedsession.broken.Scenario15_LockWaitOnTheServer(sessionFactory);
                        return new Runs15_LockWaitOnTheServer.Desk(desk::deposit, desk::commitBatch, desk::close);
                    }),
                    new Runs15_LockWaitOnTheServer(sessionFactory -> {
                        var desk = new dev.sharedsession.safe.Scenario15_LockWaitOnTheServer(sessionFactory);
                        return new Runs15_LockWaitOnTheServer.Desk(desk::deposit, desk::commitBatch, desk::close);
                    })));

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

package dev.sharedsession.guardproof;

import dev.sharedsession.broken.Scenario01_ConcurrentUnitsOfWork;
import dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners;
import dev.sharedsession.broken.Scenario03_ReadOnlySharing;
import dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest;
import dev.sharedsession.broken.Scenario05_EntitiesHandedAcrossThreads;
import dev.sharedsession.broken.Scenario06_LostUpdate;
import dev.sharedsession.broken.Scenario07_StaleFirstLevelCache;
import dev.sharedsession.broken.Scenario08_FixedWithALock;
import dev.sharedsession.broken.Scenario09_ThreadBoundSessionInAPool;
import dev.sharedsession.broken.Scenario10_SwallowedBackgroundFailure;
import dev.sharedsession.broken.Scenario11_SessionThatLivesForever;
import dev.sharedsession.broken.Scenario12_PoolStarvation;
import dev.sharedsession.broken.Scenario13_FailedStatementAbortsTheTransaction;
import dev.sharedsession.broken.Scenario14_IdentityInsertInAnotherTransaction;
import dev.sharedsession.broken.Scenario15_LockWaitOnTheServer;
import dev.sharedsession.guard.SessionGuard;
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
import dev.sharedsession.runs.ScenarioRun;

/**
 * The broken side's runs, bound to the broken lesson classes exactly as the showcase's
 * {@code Catalogue} binds them, so that a test here runs the very headline interleaving
 * {@code ./lab --mode forced} shows on the broken side (this module does not depend on the
 * showcase, whose catalogue is its own). Only the database differs: it is guarded.
 */
final class BrokenRuns {

    static final ScenarioRun RUNS_01 = new Runs01_ConcurrentUnitsOfWork<>(Scenario01_ConcurrentUnitsOfWork::new,
            Scenario01_ConcurrentUnitsOfWork::recordVisit, Scenario01_ConcurrentUnitsOfWork::close);

    static final ScenarioRun RUNS_02 = new Runs02_OneTransactionTwoOwners<>(Scenario02_OneTransactionTwoOwners::new,
            Scenario02_OneTransactionTwoOwners::close);

    static final ScenarioRun RUNS_03 = new Runs03_ReadOnlySharing<>(Scenario03_ReadOnlySharing::new,
            Scenario03_ReadOnlySharing::orderSummary, Scenario03_ReadOnlySharing::customerNames, Scenario03_ReadOnlySharing::close);

    static final ScenarioRun RUNS_04 = new Runs04_BackgroundTaskAfterRequest((sessionFactory, background, customerId) ->
            new Scenario04_BackgroundTaskAfterRequest(sessionFactory, background).checkout(customerId).receipt());

    static final ScenarioRun RUNS_05 = new Runs05_EntitiesHandedAcrossThreads((sessionFactory, background, customerId) ->
            new Scenario05_EntitiesHandedAcrossThreads(sessionFactory, background).orderReport(customerId));

    static final ScenarioRun RUNS_06 = new Runs06_LostUpdate((sessionFactory, counterId) ->
            new Scenario06_LostUpdate(sessionFactory).hit(counterId));

    static final ScenarioRun RUNS_07 = new Runs07_StaleFirstLevelCache(sessionFactory -> {
        var storefront = new Scenario07_StaleFirstLevelCache(sessionFactory);
        return new Runs07_StaleFirstLevelCache.Storefront(storefront::productPage, storefront::reprice,
                storefront::repriceVersioned, storefront::close);
    }, Scenario07_StaleFirstLevelCache::ship, Scenario07_StaleFirstLevelCache::shipVersioned);

    static final ScenarioRun RUNS_08 = new Runs08_FixedWithALock<>(Scenario08_FixedWithALock::new,
            Scenario08_FixedWithALock::close);

    static final ScenarioRun RUNS_09 = new Runs09_ThreadBoundSessionInAPool((sessionFactory, background, customerId, lines) ->
            new Scenario09_ThreadBoundSessionInAPool(sessionFactory, background).submitImport(customerId, lines));

    static final ScenarioRun RUNS_10 = new Runs10_SwallowedBackgroundFailure(sessionFactory -> {
        var pool = new Runs10_SwallowedBackgroundFailure.WitnessedPool(1);
        return Runs10_SwallowedBackgroundFailure.desk(
                new Scenario10_SwallowedBackgroundFailure(sessionFactory, pool)::checkout, pool::finish);
    });

    static final ScenarioRun RUNS_11 = new Runs11_SessionThatLivesForever(sessionFactory -> {
        var intake = new Scenario11_SessionThatLivesForever(sessionFactory);
        return new Runs11_SessionThatLivesForever.Intake(intake::placeOrder, intake::managedEntities, intake::managedAtCommit, intake::close);
    });

    static final ScenarioRun RUNS_12 = new Runs12_PoolStarvation(Scenario12_PoolStarvation::smallPool,
            Scenario12_PoolStarvation::backgroundThreadsFor, (sessionFactory, background, slowWork) -> {
                var shop = new Scenario12_PoolStarvation(sessionFactory, background, slowWork::render);
                return new Runs12_PoolStarvation.Shop(shop::submitStatement, shop::placeOrder);
            });

    static final ScenarioRun RUNS_13 = new Runs13_FailedStatementAbortsTheTransaction(sessionFactory -> {
        var desk = new Scenario13_FailedStatementAbortsTheTransaction(sessionFactory);
        return new Runs13_FailedStatementAbortsTheTransaction.Desk(desk::openAccount, desk::balanceOf, desk::commitBatch, desk::close);
    });

    static final ScenarioRun RUNS_14 = new Runs14_IdentityInsertInAnotherTransaction<>(Scenario14_IdentityInsertInAnotherTransaction::new,
            Scenario14_IdentityInsertInAnotherTransaction::openTicket, Scenario14_IdentityInsertInAnotherTransaction::close);

    static final ScenarioRun RUNS_15 = new Runs15_LockWaitOnTheServer(sessionFactory -> {
        var desk = new Scenario15_LockWaitOnTheServer(sessionFactory);
        return new Runs15_LockWaitOnTheServer.Desk(desk::deposit, desk::commitBatch, desk::close);
    });

    /**
     * Scenario 4's lesson class, unchanged, built from the wrapped factory,
     * {@code SessionGuard.guard(sessionFactory)}, instead of the raw one: every Session its
     * request opens is a guarded view, which remembers who closed it.
     */
    static final ScenarioRun RUNS_04_WRAPPED = new Runs04_BackgroundTaskAfterRequest((sessionFactory, background, customerId) ->
            new Scenario04_BackgroundTaskAfterRequest(SessionGuard.guard(sessionFactory), background).checkout(customerId).receipt());

    private BrokenRuns() {
    }
}

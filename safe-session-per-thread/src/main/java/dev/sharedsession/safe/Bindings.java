package dev.sharedsession.safe;

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
import java.util.List;

/**
 * Each scenario's runs ({@code RunsNN_...}, how {@code ./lab} drives it) bound to this side's
 * lesson class, written once: this side's headline tests, the showcase's catalogue and
 * guard-proof all use these very instances, so what a test forces is what {@code ./lab} runs.
 * The broken side has a class of the same name and shape; the showcase's tests check the two agree.
 */
public final class Bindings {

    public static final Runs01_ConcurrentUnitsOfWork<Scenario01_ConcurrentUnitsOfWork> SCENARIO_01 =
            new Runs01_ConcurrentUnitsOfWork<>(Scenario01_ConcurrentUnitsOfWork::new,
                    Scenario01_ConcurrentUnitsOfWork::recordVisit,
                    visits -> { }); // nothing to close: every visit committed and closed its own Session

    public static final Runs02_OneTransactionTwoOwners<Scenario02_OneTransactionTwoOwners> SCENARIO_02 =
            new Runs02_OneTransactionTwoOwners<>(Scenario02_OneTransactionTwoOwners::new,
                    bank -> { }); // nothing to close: every unit of work committed and closed its own Session

    public static final Runs03_ReadOnlySharing<Scenario03_ReadOnlySharing> SCENARIO_03 =
            new Runs03_ReadOnlySharing<>(Scenario03_ReadOnlySharing::new, Scenario03_ReadOnlySharing::orderSummary,
                    Scenario03_ReadOnlySharing::customerNames,
                    reports -> { }); // nothing to close: every page closed its own Session

    public static final Runs04_BackgroundTaskAfterRequest SCENARIO_04 =
            new Runs04_BackgroundTaskAfterRequest((sessionFactory, background, customerId) ->
                    new Scenario04_BackgroundTaskAfterRequest(sessionFactory, background).checkout(customerId).receipt());

    public static final Runs05_EntitiesHandedAcrossThreads SCENARIO_05 =
            new Runs05_EntitiesHandedAcrossThreads((sessionFactory, background, customerId) ->
                    new Scenario05_EntitiesHandedAcrossThreads(sessionFactory, background).orderReport(customerId));

    public static final Runs06_LostUpdate SCENARIO_06 = new Runs06_LostUpdate((sessionFactory, counterId) ->
            new Scenario06_LostUpdate(sessionFactory).hit(counterId));

    public static final Runs07_StaleFirstLevelCache SCENARIO_07 = new Runs07_StaleFirstLevelCache(sessionFactory -> {
        var storefront = new Scenario07_StaleFirstLevelCache(sessionFactory);
        return new Runs07_StaleFirstLevelCache.Storefront(storefront::productPage, storefront::reprice,
                storefront::repriceVersioned,
                () -> { }); // nothing to close: every unit of work committed and closed its own Session
    }, Scenario07_StaleFirstLevelCache::ship, Scenario07_StaleFirstLevelCache::shipVersioned);

    public static final Runs08_FixedWithALock<Scenario08_FixedWithALock> SCENARIO_08 =
            new Runs08_FixedWithALock<>(Scenario08_FixedWithALock::new,
                    bank -> { }); // nothing to close: every unit of work committed and closed its own Session

    public static final Runs09_ThreadBoundSessionInAPool SCENARIO_09 =
            new Runs09_ThreadBoundSessionInAPool((sessionFactory, background, customerId, lines) ->
                    new Scenario09_ThreadBoundSessionInAPool(sessionFactory, background).submitImport(customerId, lines));

    public static final Runs10_SwallowedBackgroundFailure SCENARIO_10 = new Runs10_SwallowedBackgroundFailure(sessionFactory -> {
        var runner = new BackgroundTasks("background-worker", 1, 10);
        return Runs10_SwallowedBackgroundFailure.desk(
                new Scenario10_SwallowedBackgroundFailure(sessionFactory, runner)::checkout, limit -> {
                    try {
                        return runner.drain(limit);
                    } finally {
                        runner.close();
                    }
                });
    });

    public static final Runs11_SessionThatLivesForever SCENARIO_11 = new Runs11_SessionThatLivesForever(sessionFactory -> {
        var intake = new Scenario11_SessionThatLivesForever(sessionFactory);
        return new Runs11_SessionThatLivesForever.Intake(intake::placeOrder, intake::managedEntities, intake::managedAtCommit,
                () -> { }); // nothing to close: every unit of work committed and closed its own Session
    });

    public static final Runs12_PoolStarvation SCENARIO_12 = new Runs12_PoolStarvation(Scenario12_PoolStarvation::smallPool,
            Scenario12_PoolStarvation::backgroundThreadsFor, (sessionFactory, background, slowWork) -> {
                var shop = new Scenario12_PoolStarvation(sessionFactory, background, slowWork::render);
                return new Runs12_PoolStarvation.Shop(shop::submitStatement, shop::placeOrder);
            });

    public static final Runs13_FailedStatementAbortsTheTransaction SCENARIO_13 =
            new Runs13_FailedStatementAbortsTheTransaction(sessionFactory -> {
                var desk = new Scenario13_FailedStatementAbortsTheTransaction(sessionFactory);
                return new Runs13_FailedStatementAbortsTheTransaction.Desk(desk::openAccount, desk::balanceOf,
                        () -> { },  // no batch to commit: each request committed its own Session when it returned
                        () -> { }); // nothing to close: each request closed its own Session
            });

    public static final Runs14_IdentityInsertInAnotherTransaction<Scenario14_IdentityInsertInAnotherTransaction> SCENARIO_14 =
            new Runs14_IdentityInsertInAnotherTransaction<>(Scenario14_IdentityInsertInAnotherTransaction::new,
                    Scenario14_IdentityInsertInAnotherTransaction::openTicket,
                    desk -> { }); // nothing to close: each request committed and closed its own Session

    public static final Runs15_LockWaitOnTheServer SCENARIO_15 = new Runs15_LockWaitOnTheServer(sessionFactory -> {
        var desk = new Scenario15_LockWaitOnTheServer(sessionFactory);
        return new Runs15_LockWaitOnTheServer.Desk(desk::deposit,
                () -> { },  // no batch to commit: each request committed its own Session when it returned
                () -> { }); // nothing to close: each request closed its own Session
    });

    /** Every binding above, in scenario order, so that a tool can run them all. */
    public static final List<ScenarioRun> ALL = List.of(SCENARIO_01, SCENARIO_02, SCENARIO_03, SCENARIO_04, SCENARIO_05,
            SCENARIO_06, SCENARIO_07, SCENARIO_08, SCENARIO_09, SCENARIO_10, SCENARIO_11, SCENARIO_12, SCENARIO_13,
            SCENARIO_14, SCENARIO_15);

    private Bindings() {
    }
}

package dev.sharedsession.showcase;

import static dev.sharedsession.showcase.ScenarioPair.A_SESSION_PER_UNIT_OF_WORK;
import static dev.sharedsession.showcase.ScenarioPair.FIXED_CAST;
import static dev.sharedsession.showcase.ScenarioPair.ONE_SESSION_SHARED;
import static dev.sharedsession.showcase.Part.ONE_SESSION_ON_TWO_THREADS;
import static dev.sharedsession.showcase.Part.PITFALLS_ON_THE_WAY;

import dev.sharedsession.runs.Runs01_ConcurrentUnitsOfWork;
import dev.sharedsession.runs.Runs02_OneTransactionTwoOwners;
import dev.sharedsession.runs.Runs03_ReadOnlySharing;
import dev.sharedsession.runs.Runs04_BackgroundTaskAfterRequest;
import dev.sharedsession.runs.Runs05_EntitiesHandedAcrossThreads;
import dev.sharedsession.runs.Runs06_LostUpdate;
import dev.sharedsession.runs.Runs07_StaleFirstLevelCache;
import dev.sharedsession.runs.Runs08_FixedWithALock;
import dev.sharedsession.runs.Runs11_SessionThatLivesForever;
import dev.sharedsession.runs.Runs12_PoolStarvation;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction;
import dev.sharedsession.runs.Runs14_IdentityInsertInAnotherTransaction;
import dev.sharedsession.runs.Runs15_LockWaitOnTheServer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every scenario the showcase can run, in reading order: the showcase's own numbers, names,
 * titles and default threads, each with both sides' runs as each side's {@code Bindings} binds
 * them (the same instances its tests and guard-proof run; {@code CatalogueTest} checks it).
 *
 * <p>Each scenario names its {@link Part}, here and nowhere else. {@link Part#ONE_SESSION_ON_TWO_THREADS}:
 * the broken side's Session is used by a second thread; the session guard refuses that call in
 * the forced run of 1, 2, 3, 5, 7, 8, 11, 13, 14 and 15, and in 4 the request hands its Session to
 * the background task, which touches it after the request closed it (Hibernate's own "closed"
 * comes first; guard-proof's wrapper refuses it). {@link Part#PITFALLS_ON_THE_WAY}: 6 (a Session
 * per thread, no version), 9 (a current Session per pool thread, reused by the thread's next task),
 * 10 (a Session per task, its failure dropped) and 12 (Sessions per thread held through slow work)
 * never put one Session on two threads. {@code PartitionTest} derives the partition from runs under the guard.
 */
final class Catalogue {

    // Scenarios 9 and 10 have a fixed cast (a pool of two workers; one worker): --threads does not apply.
    static final List<ScenarioPair> ALL = List.of(
            new ScenarioPair(1, "units-of-work", "Concurrent units of work on one Session", ONE_SESSION_ON_TWO_THREADS, Runs01_ConcurrentUnitsOfWork.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_01, dev.sharedsession.safe.Bindings.SCENARIO_01),
            new ScenarioPair(2, "two-owners", "One transaction, two owners", ONE_SESSION_ON_TWO_THREADS, Runs02_OneTransactionTwoOwners.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_02, dev.sharedsession.safe.Bindings.SCENARIO_02),
            new ScenarioPair(3, "read-only", "Read-only sharing is not safe either", ONE_SESSION_ON_TWO_THREADS, Runs03_ReadOnlySharing.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_03, dev.sharedsession.safe.Bindings.SCENARIO_03),
            new ScenarioPair(4, "background-task", "Background task after the request", ONE_SESSION_ON_TWO_THREADS, Runs04_BackgroundTaskAfterRequest.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_04, dev.sharedsession.safe.Bindings.SCENARIO_04),
            new ScenarioPair(5, "handed-entities", "Entities handed across threads", ONE_SESSION_ON_TWO_THREADS, Runs05_EntitiesHandedAcrossThreads.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_05, dev.sharedsession.safe.Bindings.SCENARIO_05),
            new ScenarioPair(6, "lost-update", "Lost update", PITFALLS_ON_THE_WAY, Runs06_LostUpdate.DEFAULT_THREADS,
                    "a Session per thread, no version", "a Session per thread, an atomic UPDATE",
                    dev.sharedsession.broken.Bindings.SCENARIO_06, dev.sharedsession.safe.Bindings.SCENARIO_06),
            new ScenarioPair(7, "stale-cache", "Stale first-level cache", ONE_SESSION_ON_TWO_THREADS, Runs07_StaleFirstLevelCache.DEFAULT_THREADS,
                    "one long-lived Session for the catalogue; @Version, no retry",
                    "a Session per unit of work; @Version and a retry",
                    dev.sharedsession.broken.Bindings.SCENARIO_07, dev.sharedsession.safe.Bindings.SCENARIO_07),
            new ScenarioPair(8, "lock", "\"Fixed\" with a lock", ONE_SESSION_ON_TWO_THREADS, Runs08_FixedWithALock.DEFAULT_THREADS,
                    "one Session shared, every call on it locked", A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_08, dev.sharedsession.safe.Bindings.SCENARIO_08),
            new ScenarioPair(9, "thread-bound", "Thread-bound current Session in a pool", PITFALLS_ON_THE_WAY, FIXED_CAST,
                    "a current Session per pool thread, left open by a failed task", "a current Session per task, always ended",
                    dev.sharedsession.broken.Bindings.SCENARIO_09, dev.sharedsession.safe.Bindings.SCENARIO_09),
            new ScenarioPair(10, "swallowed-failure", "Swallowed background failure", PITFALLS_ON_THE_WAY, FIXED_CAST,
                    "a Session per task; its failure dropped with submit()'s Future", "a Session per task; its failure reaches the caller",
                    dev.sharedsession.broken.Bindings.SCENARIO_10, dev.sharedsession.safe.Bindings.SCENARIO_10),
            new ScenarioPair(11, "lives-forever", "The Session that lives forever", ONE_SESSION_ON_TWO_THREADS, Runs11_SessionThatLivesForever.DEFAULT_THREADS,
                    "one Session for the application's lifetime", A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_11, dev.sharedsession.safe.Bindings.SCENARIO_11),
            new ScenarioPair(12, "pool-starvation", "Pool starvation", PITFALLS_ON_THE_WAY, Runs12_PoolStarvation.DEFAULT_THREADS,
                    "Sessions held through slow work, a worker per connection",
                    "no Session held through slow work, fewer workers than connections",
                    dev.sharedsession.broken.Bindings.SCENARIO_12, dev.sharedsession.safe.Bindings.SCENARIO_12),
            new ScenarioPair(13, "aborted-transaction", "One failed statement, everyone's transaction", ONE_SESSION_ON_TWO_THREADS, Runs13_FailedStatementAbortsTheTransaction.DEFAULT_THREADS,
                    "one Session and transaction per batch of requests", "a Session and transaction per request",
                    dev.sharedsession.broken.Bindings.SCENARIO_13, dev.sharedsession.safe.Bindings.SCENARIO_13),
            new ScenarioPair(14, "identity-ids", "Identity ids: persist inserts at once", ONE_SESSION_ON_TWO_THREADS, Runs14_IdentityInsertInAnotherTransaction.DEFAULT_THREADS,
                    ONE_SESSION_SHARED, A_SESSION_PER_UNIT_OF_WORK,
                    dev.sharedsession.broken.Bindings.SCENARIO_14, dev.sharedsession.safe.Bindings.SCENARIO_14),
            new ScenarioPair(15, "lock-wait", "A lock wait on the server", ONE_SESSION_ON_TWO_THREADS, Runs15_LockWaitOnTheServer.DEFAULT_THREADS,
                    "one Session and transaction per batch of requests", "a Session and transaction per request",
                    dev.sharedsession.broken.Bindings.SCENARIO_15, dev.sharedsession.safe.Bindings.SCENARIO_15));

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

package dev.sharedsession.guardproof;

import static dev.sharedsession.guardproof.BrokenRuns.RUNS_01;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_02;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_03;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_04;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_05;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_06;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_07;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_08;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_09;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_10;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_11;
import static dev.sharedsession.guardproof.BrokenRuns.RUNS_12;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sharedsession.broken.Scenario12_PoolStarvation;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.RaceTimeoutException;
import dev.sharedsession.common.race.Stage;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException;
import dev.sharedsession.runs.Runs09_ThreadBoundSessionInAPool;
import dev.sharedsession.runs.ScenarioRun;
import java.time.Duration;
import java.util.List;
import org.hibernate.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The broken side's headline runs, each exactly as {@code ./lab --mode forced} runs it on the
 * broken side, on a database whose factory has the session guard on (the one property,
 * {@code hibernate.session_guard=confined}). For every scenario, one of two things is proven:
 * <ul>
 * <li><b>stopped</b>: the first call a thread makes on a Session another thread opened is refused
 *     with a {@link SessionSharedAcrossThreadsException} naming the owner, the offending thread
 *     and the call, it is the only refusal, and the database holds exactly the scenario's
 *     fixture: what it held before that call, since nothing but the fixture was written before it;</li>
 * <li><b>not the guard's business</b>: no Session crosses a thread in this run, the guard refuses
 *     nothing, and the run ends exactly as it does without the guard (same outcome, same rows).</li>
 * </ul>
 * No race is needed to be stopped: a shared Session's owner is the thread that opened it, so the
 * first other thread is refused whatever the timing; one run per scenario proves it.
 *
 * <p>A thread the guard stops often ends before the run's choreography reaches its pause point
 * (Alice never gets to her flush), so the forced run itself ends with "pause ... never reached":
 * that is asserted too, and is why these databases pause for {@link #PAUSES} at most instead of
 * the harness's usual ten seconds. The guard's own exception is heard where the guard logs it
 * ({@link Refusals}).
 *
 * <p>The coverage table in {@code docs/session-guard.md} ("What it catches in this catalogue") is
 * this class, row by row.
 */
@DisplayName("The broken side under the session guard: every shared Session stopped at its first cross-thread call")
class BrokenSideUnderTheGuardTest {

    /** How long a pause point waits for a thread that, stopped by the guard, never arrives. */
    static final Duration PAUSES = Duration.ofSeconds(3);

    /** What a forced run ends with when the guard stopped the thread a pause point waits for. */
    static String neverReached(String pause) {
        return "pause of " + pause + ": never reached within " + PAUSES;
    }

    // ---- stopped at the first cross-thread call -----------------------------------------------

    @Test
    @DisplayName("1. concurrent units of work: Alice's beginTransaction on the visit log's Session is refused; no visit row")
    void scenario01(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> RUNS_01.forced(stage));

            assertThat(ended).isInstanceOf(RaceTimeoutException.class).hasMessage(neverReached("'Alice' flush Object"));
            assertOnlyRefusal(refusals, "Alice", "Session.beginTransaction");
            assertThat(db.queryForStrings("select label from Counter")).isEmpty();
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("2. one transaction, two owners: Alice's transfer is refused at beginTransaction; Alice and Carol keep 1000 each")
    void scenario02(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> RUNS_02.forced(stage));

            assertThat(ended).isInstanceOf(RaceTimeoutException.class)
                    .hasMessage(neverReached("'Alice' before SQL 'where a1_0.owner_name=?'"));
            assertOnlyRefusal(refusals, "Alice", "Session.beginTransaction");
            assertThat(balances(db)).containsExactly("Alice=1000", "Carol=1000");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("3. read-only sharing: Alice's find on the reports' Session is refused before it reads a row")
    void scenario03(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> RUNS_03.forced(stage));

            assertThat(ended).isInstanceOf(RaceTimeoutException.class)
                    .hasMessage(neverReached("'Alice' post-load of Customer"));
            assertOnlyRefusal(refusals, "Alice", "Session.find");
            assertThat(customersAndOrders(db)).containsExactly("Alice: 3 orders");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("5. entities handed across threads: the worker's lazy loading of Customer.orders is refused while the request still owns the Session")
    void scenario05(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> RUNS_05.forced(stage));

            assertThat(ended).isInstanceOf(RaceTimeoutException.class)
                    .hasMessage(neverReached("'background-worker' before SQL 'PurchaseOrder'"));
            SessionSharedAcrossThreadsException refused = onlyRefusal(refusals);
            assertThat(refused.ownerThread()).isEqualTo("request");
            assertThat(refused.offendingThread()).isEqualTo("background-worker");
            assertThat(refused.call()).isEqualTo("lazy loading of Customer.orders");
            assertThat(refused).hasMessageStartingWith("Session used by thread 'background-worker' in lazy loading of"
                    + " Customer.orders, but it belongs to thread 'request' (session guard: CONFINED). ");
            assertThat(customersAndOrders(db)).containsExactly("Alice: 3 orders");
            assertThat(db.countRows("Receipt")).isZero();
        }
    }

    @Test
    @DisplayName("7. stale first-level cache: the storefront's first find on the catalogue's long-lived Session is refused; the lamp is as stocked")
    void scenario07(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Outcome outcome = RUNS_07.forced(stage);

            SessionSharedAcrossThreadsException refused = assertOnlyRefusal(refusals, "storefront", "Session.find");
            assertThat(outcome.failure()).isSameAs(refused); // the run itself reports the guard's exception
            assertThat(db.queryForStrings("select concat(product_name, ' ', price_cents, ' ', stock) from Product"))
                    .containsExactly("Lamp 1000 10");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("8. \"fixed\" with a lock: the lock does not make the Session Alice's; her transfer is refused at beginTransaction")
    void scenario08(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> RUNS_08.forced(stage));

            // The run's Gap waits the harness's own timeout (Race.TIMEOUT) for Alice, who never comes.
            assertThat(ended).isInstanceOf(RaceTimeoutException.class)
                    .hasMessageStartingWith("not every thread reached the gap within");
            assertOnlyRefusal(refusals, "Alice", "Session.beginTransaction");
            assertThat(balances(db)).containsExactly("Alice=1000", "Carol=1000");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("11. the Session that lives forever: the first request's inTransaction on the application's Session is refused; no order")
    void scenario11(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Outcome outcome = RUNS_11.forced(stage);

            SessionSharedAcrossThreadsException refused =
                    assertOnlyRefusal(refusals, "request-1", "SharedSessionContract.inTransaction");
            assertThat(outcome.failure()).isSameAs(refused);
            assertThat(customersAndOrders(db)).containsExactly("Alice: 0 orders");
            assertThat(db.activeConnections()).isZero();
        }
    }

    // ---- no Session crosses a thread: not the guard's business -------------------------------

    @Test
    @DisplayName("4. background task after the request: the Session is closed before the task touches it; Hibernate's own check stops it, as without the guard")
    void scenario04(TestInfo test) throws Exception {
        Ending ending = sameWithAndWithoutTheGuard(test, RUNS_04, "select message from Receipt");

        assertThat(ending.outcome()).isEqualTo(new Outcome("IllegalStateException: Session/EntityManager is closed", true));
        assertThat(ending.rows()).isEmpty();
    }

    @Test
    @DisplayName("6. lost update: a Session per thread, nothing shared; the increment is lost with the guard as without it")
    void scenario06(TestInfo test) throws Exception {
        Ending ending = sameWithAndWithoutTheGuard(test, RUNS_06, "select hits from Counter");

        assertThat(ending.outcome()).isEqualTo(Outcome.wrong("an increment was lost: two hits, hits = 1"));
        assertThat(ending.rows()).containsExactly("1");
    }

    @Test
    @DisplayName("9. thread-bound Session in a pool: the Session never leaves its thread, it outlives its task; the failed line is committed with the guard as without it")
    void scenario09(TestInfo test) throws Exception {
        try (Database db = guarded(test); Database threadBound = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(db);
             Session session = threadBound.sessionFactory().openSession()) {
            assertThat(SessionGuard.policy(session)).isEqualTo(Policy.CONFINED); // the run's own database is guarded too
        }
        Ending ending = sameWithAndWithoutTheGuard(test, RUNS_09, "select message from Receipt order by message");

        assertThat(ending.outcome()).isEqualTo(Outcome.wrong("a failed batch's line was committed by a later task on its thread"));
        assertThat(ending.rows()).containsExactly("coffee", "tea");
    }

    @Test
    @DisplayName("10. swallowed background failure: a Session per task; the receipt is missing, unreported, with the guard as without it")
    void scenario10(TestInfo test) throws Exception {
        Ending ending = sameWithAndWithoutTheGuard(test, RUNS_10, "select message from Receipt");

        assertThat(ending.outcome()).isEqualTo(Outcome.wrong("a receipt is missing and nothing reported why"));
        assertThat(ending.rows()).isEmpty();
    }

    @Test
    @DisplayName("12. pool starvation: Sessions held, none shared; the request still times out for a connection with the guard as without it")
    void scenario12(TestInfo test) throws Exception {
        try (Database db = guarded(test)) {
            assertThat(Scenario12_PoolStarvation.smallPool(db.settings()).hibernateSettings()) // its own database: guarded too
                    .containsEntry(SessionGuard.SETTING, "confined");
        }
        Ending ending = sameWithAndWithoutTheGuard(test, RUNS_12, "select message from Receipt order by message");

        assertThat(ending.outcome())
                .isEqualTo(Outcome.wrong("a request timed out waiting for a pooled connection (JDBCConnectionException)"));
        assertThat(ending.rows()).containsExactly("statement for Alice", "statement for Bob");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** A fresh test database whose factory has the guard on, by the one property. */
    static Database guarded(TestInfo test) {
        return PausePoints.openDatabase(settings(test, "guarded").withHibernateSetting(SessionGuard.SETTING, "confined"), PAUSES);
    }

    /** The same, without the guard. */
    static Database unguarded(TestInfo test) {
        return PausePoints.openDatabase(settings(test, "unguarded"), PAUSES);
    }

    private static Database.Settings settings(TestInfo test, String kind) {
        return Database.Settings.fromSystemProperties("GuardProof_" + test.getTestMethod().orElseThrow().getName() + "_" + kind);
    }

    /** How a run ended, and the rows it left. */
    record Ending(Outcome outcome, List<String> rows) {
    }

    /**
     * Runs {@code runs}' forced run with the guard and without it, each on a fresh database; the
     * guard must refuse nothing, and both must end alike (outcome and {@code rowsSql}'s rows).
     * Returns the guarded ending, for the exact assertions of the test.
     */
    static Ending sameWithAndWithoutTheGuard(TestInfo test, ScenarioRun runs, String rowsSql) throws Exception {
        Ending withGuard;
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            try (Session session = db.sessionFactory().openSession()) {
                assertThat(SessionGuard.policy(session)).isEqualTo(Policy.CONFINED); // the guard is watching
            }
            withGuard = new Ending(runs.forced(stage), db.queryForStrings(rowsSql));
            assertThat(refusals.all()).isEmpty();
        }
        Ending withoutGuard;
        try (Database db = unguarded(test); Stage stage = new Stage(db)) {
            withoutGuard = new Ending(runs.forced(stage), db.queryForStrings(rowsSql));
        }
        assertThat(withGuard).isEqualTo(withoutGuard);
        return withGuard;
    }

    /**
     * The one refusal of the run: {@code offending} called {@code call} on a Session that belongs
     * to the thread that ran the forced run (here, the test's), which opened it.
     */
    static SessionSharedAcrossThreadsException assertOnlyRefusal(Refusals refusals, String offending, String call) {
        SessionSharedAcrossThreadsException refused = onlyRefusal(refusals);
        String owner = Thread.currentThread().getName();
        assertThat(refused.ownerThread()).isEqualTo(owner);
        assertThat(refused.offendingThread()).isEqualTo(offending);
        assertThat(refused.call()).isEqualTo(call);
        assertThat(refused).hasMessageStartingWith("Session used by thread '" + offending + "' in " + call
                + ", but it belongs to thread '" + owner + "' (session guard: CONFINED). ");
        return refused;
    }

    static SessionSharedAcrossThreadsException onlyRefusal(Refusals refusals) {
        List<SessionSharedAcrossThreadsException> all = refusals.all();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    static List<String> balances(Database db) {
        return db.queryForStrings("select concat(owner_name, '=', balance_cents) from Account order by owner_name");
    }

    static List<String> customersAndOrders(Database db) {
        return db.queryForStrings("select concat(c.full_name, ': ', (select count(*) from PurchaseOrder o where o.customer_id = c.id),"
                + " ' orders') from Customer c order by c.full_name");
    }
}

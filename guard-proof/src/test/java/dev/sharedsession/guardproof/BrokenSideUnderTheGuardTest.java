package dev.sharedsession.guardproof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sharedsession.broken.Bindings;
import dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest;
import dev.sharedsession.broken.Scenario12_PoolStarvation;
import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException;
import dev.sharedsession.race.EndedFirstException;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs04_BackgroundTaskAfterRequest;
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
 *     and the call, it is the only refusal (where the run goes on to other threads, as in 13,
 *     each of theirs is refused in turn), and the database holds exactly the scenario's
 *     fixture: what it held before that call, since nothing but the fixture was written before it;</li>
 * <li><b>not the guard's business</b>: no Session crosses a thread in this run, the guard refuses
 *     nothing, and the run ends exactly as it does without the guard (same outcome, same rows).</li>
 * </ul>
 * Scenario 4 is also run with the wrapper, {@code SessionGuard.guard(factory)}, which does see a
 * Session used after another thread closed it.
 * No race is needed to be stopped: a shared Session's owner is the thread that opened it, so the
 * first other thread is refused whatever the timing; one run per scenario proves it.
 *
 * <p>A thread the guard stops often ends before the run's choreography reaches its pause point
 * (Alice never gets to her flush). The harness sees the thread end and the wait fails at once
 * with an {@link EndedFirstException} ("pause ... never reached: 'Alice' ended first, with ..."),
 * whose cause is the guard's refusal: that is asserted too. (These databases still pause for
 * {@link #PAUSES} at most, instead of the harness's usual ten seconds, so that a wait that did
 * not end early would cost seconds, not ten.) The guard's own exception is also heard where the
 * guard logs it ({@link Refusals}), which is how the tests see a refusal the run swallowed.
 *
 * <p>The coverage table in {@code docs/session-guard.md} ("What it catches in this catalogue") is
 * this class, row by row.
 */
@DisplayName("The broken side under the session guard: every shared Session stopped at its first cross-thread call")
class BrokenSideUnderTheGuardTest {

    /** How long a pause point would wait for a thread that never arrives (one the guard stopped ends the wait at once). */
    static final Duration PAUSES = Duration.ofSeconds(3);

    /**
     * Scenario 4's lesson class, unchanged, built from the wrapped factory,
     * {@code SessionGuard.guard(sessionFactory)}, instead of the raw one: every Session its
     * request opens is a guarded view, which remembers who closed it. Otherwise bound as
     * {@link Bindings#SCENARIO_04} is.
     */
    private static final Runs04_BackgroundTaskAfterRequest RUNS_04_WRAPPED = new Runs04_BackgroundTaskAfterRequest((sessionFactory, background, customerId) ->
            new Scenario04_BackgroundTaskAfterRequest(SessionGuard.guard(sessionFactory), background).checkout(customerId).receipt());

    /**
     * What a forced run ends with when the guard stopped the thread a pause point or gap waits
     * for: the harness's early ending, whose cause is the thread's failure, the guard's refusal.
     */
    static void assertEndedFirst(Throwable ended, String waitedFor, String thread, SessionSharedAcrossThreadsException refused) {
        assertThat(ended).isInstanceOf(EndedFirstException.class)
                .hasMessageStartingWith(waitedFor + ": never reached: '" + thread + "' ended first, with"
                        + " SessionSharedAcrossThreadsException: Session used by thread '" + thread + "' in ");
        assertThat(ended.getCause()).isSameAs(refused);
        assertThat(Outcome.failed(ended).failure()).isSameAs(refused); // the run's outcome: the refusal itself
    }

    // ---- stopped at the first cross-thread call -----------------------------------------------

    @Test
    @DisplayName("1. concurrent units of work: Alice's beginTransaction on the visit log's Session is refused; no visit row")
    void scenario01(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> Bindings.SCENARIO_01.forced(stage));

            SessionSharedAcrossThreadsException refused = assertOnlyRefusal(refusals, "Alice", "Session.beginTransaction");
            assertEndedFirst(ended, "pause of 'Alice' flush Object", "Alice", refused);
            assertThat(db.queryForStrings("select label from Counter")).isEmpty();
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("2. one transaction, two owners: Alice's transfer is refused at beginTransaction; Alice and Carol keep 1000 each")
    void scenario02(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> Bindings.SCENARIO_02.forced(stage));

            SessionSharedAcrossThreadsException refused = assertOnlyRefusal(refusals, "Alice", "Session.beginTransaction");
            assertEndedFirst(ended, "pause of 'Alice' before SQL 'where a1_0.owner_name=?'", "Alice", refused);
            assertThat(balances(db)).containsExactly("Alice=1000", "Carol=1000");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("3. read-only sharing: Alice's find on the reports' Session is refused before it reads a row")
    void scenario03(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> Bindings.SCENARIO_03.forced(stage));

            SessionSharedAcrossThreadsException refused = assertOnlyRefusal(refusals, "Alice", "Session.find");
            assertEndedFirst(ended, "pause of 'Alice' post-load of Customer", "Alice", refused);
            assertThat(customersAndOrders(db)).containsExactly("Alice: 3 orders");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("5. entities handed across threads: the worker's lazy loading of Customer.orders is refused while the request still owns the Session")
    void scenario05(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> Bindings.SCENARIO_05.forced(stage));

            // The task ran on an executor's thread, which lives on: the harness sees its task end,
            // not how (the report's CompletableFuture keeps the refusal).
            assertThat(ended).isInstanceOf(EndedFirstException.class).hasNoCause()
                    .hasMessage("pause of 'background-worker' before SQL 'PurchaseOrder': never reached:"
                            + " a task on 'background-worker' ended first");
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
            Outcome outcome = Bindings.SCENARIO_07.forced(stage);

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
            Throwable ended = catchThrowable(() -> Bindings.SCENARIO_08.forced(stage));

            SessionSharedAcrossThreadsException refused = assertOnlyRefusal(refusals, "Alice", "Session.beginTransaction");
            assertEndedFirst(ended, "the gap for 'Alice'", "Alice", refused);
            assertThat(balances(db)).containsExactly("Alice=1000", "Carol=1000");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("11. the Session that lives forever: the first request's inTransaction on the application's Session is refused; no order")
    void scenario11(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Outcome outcome = Bindings.SCENARIO_11.forced(stage);

            SessionSharedAcrossThreadsException refused =
                    assertOnlyRefusal(refusals, "request-1", "SharedSessionContract.inTransaction");
            assertThat(outcome.failure()).isSameAs(refused);
            assertThat(customersAndOrders(db)).containsExactly("Alice: 0 orders");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("13. one failed statement, everyone's transaction: Alice's persist on the desk's Session is refused, and so is each request after hers; Carol's account alone")
    void scenario13(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Outcome outcome = Bindings.SCENARIO_13.forced(stage);

            // The run goes on after Alice, one request after another: each is refused in turn.
            List<SessionSharedAcrossThreadsException> all = refusals.all();
            assertRefusal(all.get(0), "Alice", "Session.persist");
            assertThat(all).extracting(r -> r.offendingThread() + " in " + r.call()).containsExactly(
                    "Alice in Session.persist", "Bob in Session.persist", "Carol in Session.find", "desk in Transaction.commit");
            assertThat(all).extracting(SessionSharedAcrossThreadsException::ownerThread).containsOnly(owner());
            assertThat(outcome.failure()).isSameAs(all.get(0)); // the run reports Alice's refusal
            assertThat(balances(db)).containsExactly("Carol=7000");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("14. identity ids: Alice's request is refused at beginTransaction, before any INSERT; no ticket")
    void scenario14(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> Bindings.SCENARIO_14.forced(stage));

            assertOnlyRefusal(refusals, "Alice", "Session.beginTransaction");
            // The run's requests keep their own failures (to judge them against the rows), so
            // Alice's thread ends normally: the wait for her INSERT ends at once all the same.
            assertThat(ended).isInstanceOf(EndedFirstException.class).hasNoCause()
                    .hasMessage("pause of 'Alice' before SQL 'insert into Ticket': never reached: 'Alice' ended first, normally");
            assertThat(db.countRows("Ticket")).isZero();
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("15. a lock wait on the server: Alice's locking find on the desk's Session is refused before it asks the server for the lock; both balances as opened")
    void scenario15(TestInfo test) throws Exception {
        try (Database db = guarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Throwable ended = catchThrowable(() -> Bindings.SCENARIO_15.forced(stage));

            SessionSharedAcrossThreadsException refused = assertOnlyRefusal(refusals, "Alice", "Session.find");
            assertEndedFirst(ended, "a wait for the month-end job's lock", "Alice", refused);
            assertThat(balances(db)).containsExactly("Alice=10000", "Bob=10000");
            assertThat(db.activeConnections()).isZero();
        }
    }

    // ---- no Session crosses a thread: not the guard's business -------------------------------

    @Test
    @DisplayName("4. background task after the request: the Session is closed before the task touches it; Hibernate's own check stops it, as without the guard")
    void scenario04(TestInfo test) throws Exception {
        Ending ending = sameWithAndWithoutTheGuard(test, Bindings.SCENARIO_04, "select message from Receipt");

        assertThat(ending.outcome()).isEqualTo(new Outcome("IllegalStateException: Session/EntityManager is closed", true));
        assertThat(ending.rows()).isEmpty();
    }

    @Test
    @DisplayName("4, with the wrapper: the lesson class built from SessionGuard.guard(factory); the task's first call on the Session the request closed is refused, naming both threads; no receipt")
    void scenario04WithTheWrapper(TestInfo test) throws Exception {
        // No property: the wrapper alone. Its Session views remember which thread closed them.
        try (Database db = unguarded(test); Stage stage = new Stage(db); Refusals refusals = Refusals.watch()) {
            Outcome outcome = RUNS_04_WRAPPED.forced(stage);

            SessionSharedAcrossThreadsException refused = onlyRefusal(refusals);
            assertThat(refused.ownerThread()).isEqualTo("request");
            assertThat(refused.offendingThread()).isEqualTo("background-worker");
            assertThat(refused.call()).isEqualTo("Session.inTransaction");
            assertThat(refused).hasMessageStartingWith("Session used by thread 'background-worker' in Session.inTransaction,"
                    + " but thread 'request' closed it (session guard: CONFINED). ");
            assertThat(outcome.failure()).isSameAs(refused); // instead of Hibernate's "Session/EntityManager is closed"
            assertThat(customersAndOrders(db)).containsExactly("Alice: 2 orders");
            assertThat(db.countRows("Receipt")).isZero();
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("6. lost update: a Session per thread, nothing shared; the increment is lost with the guard as without it")
    void scenario06(TestInfo test) throws Exception {
        Ending ending = sameWithAndWithoutTheGuard(test, Bindings.SCENARIO_06, "select hits from Counter");

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
        Ending ending = sameWithAndWithoutTheGuard(test, Bindings.SCENARIO_09, "select message from Receipt order by message");

        assertThat(ending.outcome()).isEqualTo(Outcome.wrong("a failed batch's line was committed by a later task on its thread"));
        assertThat(ending.rows()).containsExactly("coffee", "tea");
    }

    @Test
    @DisplayName("10. swallowed background failure: a Session per task; the receipt is missing, unreported, with the guard as without it")
    void scenario10(TestInfo test) throws Exception {
        Ending ending = sameWithAndWithoutTheGuard(test, Bindings.SCENARIO_10, "select message from Receipt");

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
        Ending ending = sameWithAndWithoutTheGuard(test, Bindings.SCENARIO_12, "select message from Receipt order by message");

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
        return assertRefusal(onlyRefusal(refusals), offending, call);
    }

    /** {@code refused}: {@code offending} called {@code call} on a Session of the thread that ran the forced run. */
    static SessionSharedAcrossThreadsException assertRefusal(SessionSharedAcrossThreadsException refused, String offending,
                                                             String call) {
        assertThat(refused.ownerThread()).isEqualTo(owner());
        assertThat(refused.offendingThread()).isEqualTo(offending);
        assertThat(refused.call()).isEqualTo(call);
        assertThat(refused).hasMessageStartingWith("Session used by thread '" + offending + "' in " + call
                + ", but it belongs to thread '" + owner() + "' (session guard: CONFINED). ");
        return refused;
    }

    /** The thread that runs the forced run, and so opens its shared Session: the test's own. */
    static String owner() {
        return Thread.currentThread().getName();
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

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs09_ThreadBoundSessionInAPool;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.DisplayName;

/**
 * Each test runs on a database of its own beside the one it is given: the scenario needs the
 * thread-bound current Session context and a pool of two ({@link Runs09_ThreadBoundSessionInAPool#threadBound}).
 */
@DisplayName("Scenario 9, broken: getCurrentSession() on pool threads, with a task that never ends its transaction")
class Scenario09_ThreadBoundSessionInAPoolTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final String RECEIPTS = "select message from Receipt order by customer_id";
    private static final String POOL_TIMEOUT = "Unable to acquire JDBC Connection \\[pool-\\d+ - Connection is not available, "
            + "request timed out after \\d+ms \\(total=2, active=2, idle=0, waiting=0\\)\\] \\[n/a\\]";

    @RaceTest
    @DisplayName("Alice's batch fails half-way on the one worker thread, then Bob's runs on that thread: his task joins her open transaction and commits her first line with his")
    void nextTaskRunsOnTheThreadOfAFailedTask(Stage stage) throws Exception {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(stage.db()); Stage own = new Stage(db)) {
            Outcome outcome = Bindings.SCENARIO_09.headline(own); // the headline interleaving, as ./lab --mode forced runs it

            assertThat(outcome).isEqualTo(Outcome.wrong("a failed batch's line was committed by a later task on its thread"));
            // Alice was told her batch failed, but her "coffee" went in with Bob's commit.
            assertThat(db.queryForStrings(RECEIPTS)).containsExactly("coffee", "tea");
            assertThat(db.activeConnections()).isZero(); // Bob's commit ended the inherited transaction
        }
    }

    @RaceTest
    @DisplayName("the one worker thread runs Alice's failing batch, then Bob's: Alice's caller hears of her blank line, Bob's task succeeds")
    void eachTaskOnTheThreadReportsItsOwnEnding(Stage stage) {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(stage.db()); Stage own = new Stage(db)) {
            GatedExecutor background = own.held(WORKER, 1);
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), background);

            CompletableFuture<Integer> alice = imports.submitImport(1, List.of("coffee", ""));
            CompletableFuture<Integer> bob = imports.submitImport(2, List.of("tea"));
            background.open(); // one worker thread: Alice's task, then Bob's, on the same thread

            assertThat(alice).failsWithin(Race.TIMEOUT)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class)
                    .withMessage("line 2 of the batch for customer 1 is blank");
            assertThat(bob).succeedsWithin(Race.TIMEOUT).isEqualTo(1);
            assertThat(db.queryForStrings(RECEIPTS)).containsExactly("coffee", "tea");
        }
    }

    @RaceTest
    @DisplayName("two batches fail on the two worker threads: both keep their connection, the pool's two; the next request times out with JDBCConnectionException")
    void twoTasksFailOnTheTwoWorkers(Stage stage) {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(stage.db()); Stage own = new Stage(db)) {
            GatedExecutor background = own.running(WORKER, 2);
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), background);

            // A fixed pool starts a new thread for each of its first two tasks: one per worker.
            CompletableFuture<Integer> first = imports.submitImport(1, List.of("coffee", ""));
            CompletableFuture<Integer> second = imports.submitImport(2, List.of("tea", " "));
            assertThat(first).failsWithin(Race.TIMEOUT).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class)
                    .withMessage("line 2 of the batch for customer 1 is blank");
            assertThat(second).failsWithin(Race.TIMEOUT).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class)
                    .withMessage("line 2 of the batch for customer 2 is blank");
            background.awaitFinished(2);
            assertThat(db.activeConnections()).isEqualTo(2); // both tasks are over; both connections are not

            Throwable request = own.start(REQUEST, () -> imports.importReceipts(3, List.of("juice"))).failure();
            assertThat(request)
                    .isInstanceOf(JDBCConnectionException.class)
                    .hasMessageMatching(POOL_TIMEOUT)
                    .hasCauseInstanceOf(SQLTransientConnectionException.class);
            assertThat(db.activeConnections()).isEqualTo(2);
        }
    }

    @RaceTest
    @DisplayName("eight requests, started together, each hand a batch with a blank line to two workers: all eight fail, both workers keep a transaction open, a ninth request times out")
    void eightRequestsHandBatchesToTwoWorkers(Stage stage) {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(stage.db()); Stage own = new Stage(db)) {
            GatedExecutor background = own.running(WORKER, 2);
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), background);
            CyclicBarrier together = new CyclicBarrier(8);

            List<Actor<CompletableFuture<Integer>>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                long customer = r;
                requests.add(own.start(REQUEST + "-" + r, () -> {
                    together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return imports.submitImport(customer, List.of("order " + customer, ""));
                }));
            }
            // Each fails on its own blank line; a task that lands on a thread with a leftover
            // transaction joins it and leaves it open in turn.
            for (Actor<CompletableFuture<Integer>> request : requests) {
                assertThat(request.join()).failsWithin(Race.TIMEOUT).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(IllegalArgumentException.class)
                        .withMessageEndingWith(" is blank");
            }
            background.awaitFinished(8);
            assertThat(db.activeConnections()).isEqualTo(2);

            Throwable ninth = own.start(REQUEST + "-9", () -> imports.importReceipts(9, List.of("order 9"))).failure();
            assertThat(ninth).isInstanceOf(JDBCConnectionException.class).hasMessageMatching(POOL_TIMEOUT);
            assertThat(db.activeConnections()).isEqualTo(2);
        }
    }
}

package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs09_ThreadBoundSessionInAPool;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each test runs on a database of its own beside the one it is given: the scenario needs the
 * thread-bound current Session context and a pool of two ({@link Runs09_ThreadBoundSessionInAPool#threadBound}).
 */
@DisplayName("Scenario 9, safe: getCurrentSession() on pool threads, inside a unit of work that always ends")
class Scenario09_ThreadBoundSessionInAPoolTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final String RECEIPTS = "select message from Receipt order by customer_id";

    @RaceTest
    @DisplayName("Alice's batch fails half-way on the one worker thread, then Bob's runs on that thread: hers is rolled back, his task starts a fresh Session and commits only his line")
    void nextTaskRunsOnTheThreadOfAFailedTask(Stage stage) throws Exception {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(stage.db()); Stage own = new Stage(db)) {
            Outcome outcome = Bindings.SCENARIO_09.headline(own); // the headline interleaving, as ./lab --mode forced runs it

            assertThat(outcome).isEqualTo(Outcome.ok());
            assertThat(db.queryForStrings(RECEIPTS)).containsExactly("tea");
            assertThat(db.activeConnections()).isZero();
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
            background.awaitFinished(2);
            assertThat(db.queryForStrings(RECEIPTS)).containsExactly("tea");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @RaceTest
    @DisplayName("two batches fail on the two worker threads: they give their connections back at once; the next request gets one and commits")
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
            assertThat(db.activeConnections()).isZero();

            int written = own.start(REQUEST, () -> imports.importReceipts(3, List.of("juice"))).join();
            assertThat(written).isEqualTo(1);
            assertThat(db.queryForStrings(RECEIPTS)).containsExactly("juice");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @RaceTest
    @DisplayName("eight requests, started together, each hand a bad batch and a good one to two workers: exactly the eight good lines are written, a ninth request commits, no connection leaks")
    void eightRequestsHandBatchesToTwoWorkers(Stage stage) {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(stage.db()); Stage own = new Stage(db)) {
            GatedExecutor background = own.running(WORKER, 2);
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), background);
            CyclicBarrier together = new CyclicBarrier(8);

            List<Actor<List<CompletableFuture<Integer>>>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                long customer = r;
                requests.add(own.start(REQUEST + "-" + r, () -> {
                    together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return List.of(imports.submitImport(customer, List.of("rejected " + customer, "")),
                            imports.submitImport(customer, List.of("order " + customer)));
                }));
            }
            for (Actor<List<CompletableFuture<Integer>>> request : requests) {
                List<CompletableFuture<Integer>> tasks = request.join();
                assertThat(tasks.get(0)).failsWithin(Race.TIMEOUT).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(IllegalArgumentException.class)
                        .withMessageEndingWith(" is blank");
                assertThat(tasks.get(1)).succeedsWithin(Race.TIMEOUT).isEqualTo(1);
            }
            background.awaitFinished(16);
            assertThat(db.activeConnections()).isZero();

            assertThat(own.start(REQUEST + "-9", () -> imports.importReceipts(9, List.of("order 9"))).join()).isEqualTo(1);
            assertThat(db.queryForStrings(RECEIPTS))
                    .containsExactly("order 1", "order 2", "order 3", "order 4", "order 5", "order 6", "order 7", "order 8", "order 9");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (good batches in, bad ones rolled back, no connection leaked)")
    void uncoordinatedBatchesCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario09-natural"),
                Bindings.SCENARIO_09.naturalRun(Runs09_ThreadBoundSessionInAPool.WORKERS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }
}

package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.GatedExecutor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each test opens its own database: these need the thread-bound context and a pool of two. */
@DisplayName("Scenario 9, safe: getCurrentSession() on pool threads, inside a unit of work that always ends")
class Scenario09_ThreadBoundSessionInAPoolTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final Duration LIMIT = Race.TIMEOUT;

    private static Database threadBoundDatabase() {
        return PausePoints.openDatabase(Scenario09_ThreadBoundSessionInAPool.threadBound(Database.Settings.h2InMemory("scenario09")));
    }

    @RaceTest
    @DisplayName("Alice's batch fails half-way on the one worker thread and is rolled back; Bob's task on that thread starts a fresh Session and commits only his line")
    void nextTaskOnTheThreadInheritsTheSession() {
        try (Database db = threadBoundDatabase(); GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), background);

            CompletableFuture<Integer> alice = imports.submitImport(1, List.of("coffee", ""));
            CompletableFuture<Integer> bob = imports.submitImport(2, List.of("tea"));
            background.open(); // one worker thread: Alice's task, then Bob's, on the same thread

            assertThat(alice).failsWithin(LIMIT)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class)
                    .withMessage("line 2 of the batch for customer 1 is blank");
            assertThat(bob).succeedsWithin(LIMIT).isEqualTo(1);

            assertThat(db.queryForStrings("select message from Receipt order by customer_id")).containsExactly("tea");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @RaceTest
    @DisplayName("two failed batches on the two worker threads give their connections back at once: the next request gets one and commits")
    void failedTasksKeepTheirConnections() {
        try (Database db = threadBoundDatabase(); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, 2)) {
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), background);

            // A fixed pool starts a new thread for each of its first two tasks: one per worker.
            CompletableFuture<Integer> first = imports.submitImport(1, List.of("coffee", ""));
            CompletableFuture<Integer> second = imports.submitImport(2, List.of("tea", " "));
            assertThat(first).failsWithin(LIMIT).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class);
            assertThat(second).failsWithin(LIMIT).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class);
            background.awaitFinished(2);
            assertThat(db.activeConnections()).isZero();

            int written = race.start(REQUEST, () -> imports.importReceipts(3, List.of("juice"))).join();
            assertThat(written).isEqualTo(1);
        }
    }

    @RaceTest
    @DisplayName("eight requests, started together, each hand a bad batch and a good one to two workers: exactly the eight good lines are written, a ninth request commits, no connection leaks")
    void eightRequestsHandBatchesToTwoWorkers() {
        try (Database db = threadBoundDatabase(); Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, 2)) {
            var imports = new Scenario09_ThreadBoundSessionInAPool(db.sessionFactory(), background);
            CyclicBarrier together = new CyclicBarrier(8);

            List<Actor<List<CompletableFuture<Integer>>>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                long customer = r;
                requests.add(race.start(REQUEST + "-" + r, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    return List.of(imports.submitImport(customer, List.of("rejected " + customer, "")),
                            imports.submitImport(customer, List.of("order " + customer)));
                }));
            }
            for (Actor<List<CompletableFuture<Integer>>> request : requests) {
                List<CompletableFuture<Integer>> tasks = request.join();
                assertThat(tasks.get(0)).failsWithin(LIMIT).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(IllegalArgumentException.class)
                        .withMessageEndingWith(" is blank");
                assertThat(tasks.get(1)).succeedsWithin(LIMIT).isEqualTo(1);
            }
            background.awaitFinished(16);
            assertThat(db.activeConnections()).isZero();

            assertThat(race.start(REQUEST + "-9", () -> imports.importReceipts(9, List.of("order 9"))).join()).isEqualTo(1);
            assertThat(db.queryForStrings("select message from Receipt order by customer_id"))
                    .containsExactly("order 1", "order 2", "order 3", "order 4", "order 5", "order 6", "order 7", "order 8", "order 9");
            assertThat(db.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedBatchesCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario09-natural"),
                Scenario09_ThreadBoundSessionInAPool::runNaturally);

        System.out.println("natural runs of the safe importer: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok: good batches in, bad ones rolled back, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Alice's batch fails half-way on the one worker thread, then Bob's task runs on that thread: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario09_ThreadBoundSessionInAPool.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(db.activeConnections()).isZero();
    }
}

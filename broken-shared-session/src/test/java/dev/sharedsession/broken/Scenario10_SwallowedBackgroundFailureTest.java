package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 10, broken: executor.submit(...) and the Future is dropped")
class Scenario10_SwallowedBackgroundFailureTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";
    private static final Duration LIMIT = Race.TIMEOUT;

    /** Named daemon threads whose uncaught-exception handler writes down everything it is given. */
    private static final class Witness implements ThreadFactory {
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        private final AtomicInteger number = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            int n = number.incrementAndGet();
            Thread thread = new Thread(task, n == 1 ? WORKER : WORKER + "-" + n);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, failure) -> uncaught.add(failure));
            return thread;
        }
    }

    private static void drain(ExecutorService background) throws InterruptedException {
        background.shutdown();
        assertThat(background.awaitTermination(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @RaceTest
    @DisplayName("the request returns normally, the task then fails inside its INSERT: no receipt, and no handler, log or caller ever sees the exception")
    void taskFailsAfterTheCallerReturned(Database db) throws InterruptedException {
        Witness witness = new Witness();
        ExecutorService background = Executors.newSingleThreadExecutor(witness);
        Pause workerBeforeInsert = PausePoints.of(db).beforeStatement(WORKER, "insert into Receipt");
        try (Race race = Race.bounded()) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);

            Actor<Void> request = race.run(REQUEST, () -> shop.checkout(1, Scenario10_SwallowedBackgroundFailure.longNote()));
            workerBeforeInsert.awaitReached();
            assertThat(request.failure()).isNull(); // the request is over, and it went "fine"
            workerBeforeInsert.release();           // the INSERT runs now, and fails
            drain(background);
        } finally {
            background.shutdownNow();
        }
        assertThat(db.countRows("Receipt")).isZero();
        assertThat(witness.uncaught).isEmpty(); // submit() kept the exception in the dropped Future
    }

    @RaceTest
    @DisplayName("the one worker is stuck inside a task: ten more checkouts are all accepted and pile up in an unbounded queue, no caller is told")
    void tasksBeyondTheQueueCapacity(Database db) throws InterruptedException {
        Witness witness = new Witness();
        ExecutorService background = Executors.newFixedThreadPool(1, witness);
        Pause workerBeforeInsert = PausePoints.of(db).beforeStatement(WORKER, "insert into Receipt");
        try (Race race = Race.bounded()) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);

            race.run(REQUEST, () -> shop.checkout(1, "first")).join();
            workerBeforeInsert.awaitReached(); // the only worker is busy
            Actor<Void> more = race.run(REQUEST + "-2", () -> {
                for (int customer = 2; customer <= 11; customer++) {
                    shop.checkout(customer, "more");
                }
            });
            assertThat(more.failure()).isNull(); // nothing pushed back
            assertThat(((ThreadPoolExecutor) background).getQueue()).hasSize(10);

            workerBeforeInsert.release();
            drain(background);
        } finally {
            background.shutdownNow();
        }
        assertThat(db.countRows("Receipt")).isEqualTo(11);
    }

    @RaceTest
    @DisplayName("eight requests, started together, each check out twice, once with a long note: all return normally, eight receipts are missing, nobody saw why")
    void eightRequestsCheckOutTogether(Database db) throws InterruptedException {
        Witness witness = new Witness();
        ExecutorService background = Executors.newFixedThreadPool(2, witness);
        CyclicBarrier together = new CyclicBarrier(8);
        try (Race race = Race.bounded()) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);

            List<Actor<Void>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                long customer = r;
                requests.add(race.run(REQUEST + "-" + r, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    shop.checkout(customer, "gift wrap");
                    shop.checkout(100 + customer, Scenario10_SwallowedBackgroundFailure.longNote());
                }));
            }
            assertThat(requests).allSatisfy(request -> assertThat(request.failure()).isNull());
            drain(background);
        } finally {
            background.shutdownNow();
        }
        assertThat(db.queryForStrings("select customer_id from Receipt order by customer_id"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 8).mapToObj(String::valueOf).toList());
        assertThat(witness.uncaught).isEmpty();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many lose a receipt silently is not asserted)")
    void uncoordinatedCheckoutsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario10-natural"),
                Scenario10_SwallowedBackgroundFailure::runNaturally);

        System.out.println("natural runs of the broken checkout: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: the request returns, then its background task's INSERT fails: 'a receipt is missing and nothing reported why'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario10_SwallowedBackgroundFailure.runForced(db).label())
                .isEqualTo("a receipt is missing and nothing reported why");
        assertThat(db.countRows("Receipt")).isZero();
    }
}

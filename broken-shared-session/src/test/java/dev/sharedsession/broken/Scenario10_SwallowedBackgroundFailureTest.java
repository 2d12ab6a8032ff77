package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs10_SwallowedBackgroundFailure;
import dev.sharedsession.runs.Runs10_SwallowedBackgroundFailure.WitnessedPool;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import dev.sharedsession.testsupport.junit.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.hibernate.exception.DataException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 10, broken: executor.submit(...) and the Future is dropped")
class Scenario10_SwallowedBackgroundFailureTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";

    private static void drain(WitnessedPool background) throws InterruptedException {
        assertThat(background.finish(Race.TIMEOUT)).isTrue();
    }

    /** This scenario's runs bound to this side's class over {@code pool}: the choreography ./lab forces, written once. */
    private static Runs10_SwallowedBackgroundFailure runs(WitnessedPool pool) {
        return new Runs10_SwallowedBackgroundFailure(sessionFactory ->
                Runs10_SwallowedBackgroundFailure.desk(new Scenario10_SwallowedBackgroundFailure(sessionFactory, pool)::checkout, pool::finish));
    }

    /** What each database says when the long note does not fit the receipt's 255 characters (SQLState, vendor code). */
    private static SqlError valueTooLong(Database db) {
        return PerDatabase.pick(db, new SqlError("22001", 22001), new SqlError("22001", 0), new SqlError("22001", 1406));
    }

    @RaceTest
    @DisplayName("the request returns normally, the task then fails inside its INSERT: the caller was told 'done', no receipt; the DataException stays in the dropped Future, no handler sees it")
    void taskFailsAfterTheCallerReturned(Stage stage) throws Exception {
        WitnessedPool pool = new WitnessedPool(1);
        try {
            Outcome outcome = runs(pool).forced(stage); // the headline interleaving, as ./lab --mode forced runs it

            assertThat(outcome).isEqualTo(Outcome.wrong("a receipt is missing and nothing reported why"));
        } finally {
            pool.shutdownNow();
        }
        // What was swallowed: the exact exception, kept by the Future that submit() returned.
        assertThat(pool.keptInFutures()).singleElement().isInstanceOf(DataException.class)
                .satisfies(kept -> assertThat(SqlError.of(kept)).isEqualTo(valueTooLong(stage.db())));
        assertThat(pool.uncaught()).isEmpty(); // the thread never saw it "thrown"
        assertThat(stage.db().countRows("Receipt")).isZero();
    }

    @RaceTest
    @DisplayName("the one worker is stuck inside a task: ten more checkouts are all accepted and pile up in an unbounded queue, no caller is told")
    void tasksBeyondTheQueueCapacity(Database db) throws InterruptedException {
        WitnessedPool background = new WitnessedPool(1);
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
            assertThat(background.getQueue()).hasSize(10);

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
        WitnessedPool background = new WitnessedPool(2);
        CyclicBarrier together = new CyclicBarrier(8);
        try (Race race = Race.bounded()) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);

            List<Actor<Void>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                long customer = r;
                requests.add(race.run(REQUEST + "-" + r, () -> {
                    together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    shop.checkout(customer, "gift wrap");
                    shop.checkout(100 + customer, Runs10_SwallowedBackgroundFailure.longNote());
                }));
            }
            assertThat(requests).allSatisfy(request -> assertThat(request.failure()).isNull());
            drain(background);
        } finally {
            background.shutdownNow();
        }
        assertThat(db.queryForStrings("select customer_id from Receipt order by customer_id"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 8).mapToObj(String::valueOf).toList());
        assertThat(background.keptInFutures()).hasSize(8).allSatisfy(kept -> assertThat(kept).isInstanceOf(DataException.class));
        assertThat(background.uncaught()).isEmpty();
    }
}

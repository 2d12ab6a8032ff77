package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs10_SwallowedBackgroundFailure;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import dev.sharedsession.testsupport.junit.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.hibernate.exception.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("Scenario 10, safe: background tasks through a runner that surfaces every failure and has a bounded queue")
class Scenario10_SwallowedBackgroundFailureTest {

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";

    /** What the runner logs, read back by the tests. */
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger runnerLog = (Logger) LoggerFactory.getLogger(BackgroundTasks.class);

    @BeforeEach
    void listenToTheRunnersLog() {
        logged.start();
        runnerLog.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        runnerLog.detachAppender(logged);
    }

    private List<String> errorsLogged() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** This scenario's runs bound to this side's class over {@code runner}: the choreography ./lab forces, written once. */
    private static Runs10_SwallowedBackgroundFailure runs(BackgroundTasks runner) {
        return new Runs10_SwallowedBackgroundFailure(sessionFactory ->
                Runs10_SwallowedBackgroundFailure.desk(new Scenario10_SwallowedBackgroundFailure(sessionFactory, runner)::checkout, runner::drain));
    }

    /** What each database says when the long note does not fit the receipt's 255 characters (SQLState, vendor code). */
    private static SqlError valueTooLong(Database db) {
        return PerDatabase.pick(db, new SqlError("22001", 22001), new SqlError("22001", 0), new SqlError("22001", 1406));
    }

    @RaceTest
    @DisplayName("the request returns normally, the task then fails inside its INSERT: its caller's future fails with DataException, the failure is logged and counted, no receipt, no connection leaks")
    void taskFailsAfterTheCallerReturned(Stage stage) throws Exception {
        try (BackgroundTasks runner = new BackgroundTasks(WORKER, 1, 10)) {
            Outcome outcome = runs(runner).forced(stage); // the headline interleaving, as ./lab --mode forced runs it

            assertThat(outcome).isEqualTo(Outcome.ok()); // ok: the caller's future failed with the DataException
            assertThat(runner.failures()).isEqualTo(1);
            assertThat(errorsLogged()).singleElement().asString().matches("background task 'receipt for customer \\d+' failed");
        }
        assertThat(stage.db().countRows("Receipt")).isZero();
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the request returns normally, the task then fails inside its INSERT: what its caller's future says is Hibernate's own DataException")
    void taskFailsAfterTheCallerReturnedReachesItsCaller(Database db) {
        Pause workerBeforeInsert = PausePoints.of(db).beforeStatement(WORKER, "insert into Receipt");
        try (Race race = Race.bounded(); BackgroundTasks background = new BackgroundTasks(WORKER, 1, 10)) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);

            Actor<CompletableFuture<Void>> request = race.start(REQUEST, () -> shop.checkout(1, Runs10_SwallowedBackgroundFailure.longNote()));
            workerBeforeInsert.awaitReached();
            CompletableFuture<Void> receipt = request.join(); // the request is over, and it went fine
            workerBeforeInsert.release();                     // the INSERT runs now, and fails

            assertThat(receipt).failsWithin(Race.TIMEOUT)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(DataException.class)
                    .satisfies(cause -> assertThat(SqlError.of(cause)).isEqualTo(valueTooLong(db)));
            assertThat(errorsLogged()).containsExactly("background task 'receipt for customer 1' failed");
        }
        assertThat(db.countRows("Receipt")).isZero();
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the one worker is stuck inside a task and two checkouts wait in the queue: the next one is rejected at once with a RejectedExecutionException that says why")
    void tasksBeyondTheQueueCapacity(Database db) {
        Pause workerBeforeInsert = PausePoints.of(db).beforeStatement(WORKER, "insert into Receipt");
        try (Race race = Race.bounded(); BackgroundTasks background = new BackgroundTasks(WORKER, 1, 2)) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);

            CompletableFuture<Void> first = race.start(REQUEST, () -> shop.checkout(1, "first")).join();
            workerBeforeInsert.awaitReached(); // the only worker is busy
            Actor<List<CompletableFuture<Void>>> queued = race.start(REQUEST + "-2",
                    () -> List.of(shop.checkout(2, "second"), shop.checkout(3, "third")));
            List<CompletableFuture<Void>> waiting = queued.join();
            assertThat(background.waiting()).isEqualTo(2);

            Throwable rejected = race.run(REQUEST + "-3", () -> shop.checkout(4, "fourth")).failure();
            assertThat(rejected)
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessage("background task 'receipt for customer 4' rejected: all 1 thread(s) of 'background-worker' "
                            + "are busy and its queue is full (2 waiting)");
            assertThat(background.rejections()).isEqualTo(1);

            workerBeforeInsert.release();
            assertThat(first).succeedsWithin(Race.TIMEOUT);
            assertThat(waiting).allSatisfy(receipt -> assertThat(receipt).succeedsWithin(Race.TIMEOUT));
            assertThat(background.failures()).isZero();
        }
        assertThat(db.queryForStrings("select customer_id from Receipt order by customer_id")).containsExactly("1", "2", "3");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight requests, started together, each check out twice, once with a long note: exactly the eight good receipts, eight failed futures, eight failures logged and counted, no connection leaks")
    void eightRequestsCheckOutTogether(Database db) {
        CyclicBarrier together = new CyclicBarrier(8);
        try (Race race = Race.bounded(); BackgroundTasks background = new BackgroundTasks(WORKER, 2, 16)) {
            var shop = new Scenario10_SwallowedBackgroundFailure(db.sessionFactory(), background);

            List<Actor<List<CompletableFuture<Void>>>> requests = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                long customer = r;
                requests.add(race.start(REQUEST + "-" + r, () -> {
                    together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return List.of(shop.checkout(customer, "gift wrap"),
                            shop.checkout(100 + customer, Runs10_SwallowedBackgroundFailure.longNote()));
                }));
            }
            for (Actor<List<CompletableFuture<Void>>> request : requests) {
                List<CompletableFuture<Void>> receipts = request.join();
                assertThat(receipts.get(0)).succeedsWithin(Race.TIMEOUT);
                assertThat(receipts.get(1)).failsWithin(Race.TIMEOUT).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(DataException.class);
            }
            assertThat(background.failures()).isEqualTo(8);
            assertThat(background.rejections()).isZero();
            assertThat(errorsLogged()).hasSize(8);
        }
        assertThat(db.queryForStrings("select customer_id from Receipt order by customer_id"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 8).mapToObj(String::valueOf).toList());
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (the good receipts written, the failed one reached its caller)")
    void uncoordinatedCheckoutsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario10-natural"), Bindings.SCENARIO_10.naturalRun(1));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }
}

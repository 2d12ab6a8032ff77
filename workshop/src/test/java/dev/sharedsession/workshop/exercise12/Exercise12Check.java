package dev.sharedsession.workshop.exercise12;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.RaceTimeoutException;
import dev.sharedsession.safe.Scenario12_PoolStarvation;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exercise 12's check: run it with {@code ./exercise check 12}. */
@DisplayName("Exercise 12: background work that starves the requests of connections")
class Exercise12Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(12);

    private static final Duration LIMIT = Race.TIMEOUT;

    @Test
    @OnTheStartingPoint(fails = "but was: \"failed: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection")
    @DisplayName("two statements are rendering on two background threads, pool of two: a request still places its order, then both statements are written")
    void aRequestGetsAConnectionWhileStatementsRender(Database db, Subject subject) throws InterruptedException {
        // The scenario's pool: two connections, a thread waits at most 500 ms for one.
        try (Database small = PausePoints.openDatabase(Scenario12_PoolStarvation.smallPool(db.settings()))) {
            SessionFactory sessionFactory = small.sessionFactory();
            long alice = Fixtures.customerWithOrders(sessionFactory, "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(sessionFactory, "Bob", "South", 0);

            // The slow work is held by the check: both renders start, and finish only when told to.
            CountDownLatch rendering = new CountDownLatch(2);
            CompletableFuture<Void> bothRendering = new CompletableFuture<>();
            CountDownLatch finishRendering = new CountDownLatch(1);
            Statements.SlowWork slowWork = name -> {
                rendering.countDown();
                if (rendering.getCount() == 0) {
                    bothRendering.complete(null);
                }
                if (!finishRendering.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new RaceTimeoutException("the check never let the rendering finish");
                }
                return "statement for " + name;
            };

            try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.running("background-worker", 2)) {
                var safe = new Scenario12_PoolStarvation(sessionFactory, background, slowWork::render);
                Statements statements = subject.<Statements>pick(() -> new MonthlyStatements(sessionFactory, background, slowWork),
                        () -> safe::submitStatement, sessionFactory, background, slowWork);

                CompletableFuture<Void> aliceStatement = statements.submitStatement(alice);
                CompletableFuture<Void> bobStatement = statements.submitStatement(bob);
                // Both render, or a statement task fails first: then its failure is the report.
                assertThat(Ending.of(CompletableFuture.anyOf(bothRendering, aliceStatement, bobStatement)))
                        .as("how the wait for both statements to start rendering ended").isEqualTo(Ending.COMPLETED);

                // The request's own code is the scenario's: one short unit of work.
                Actor<Long> request = race.start("request", () -> safe.placeOrder(alice, 1_999));
                assertThat(Ending.of(request)).as("how the request placing an order while two statements render ended")
                        .isEqualTo(Ending.COMPLETED);

                finishRendering.countDown();
                assertThat(Ending.of(aliceStatement)).as("how Alice's statement task ended").isEqualTo(Ending.COMPLETED);
                assertThat(Ending.of(bobStatement)).as("how Bob's statement task ended").isEqualTo(Ending.COMPLETED);
            } finally {
                finishRendering.countDown();
            }
            assertThat(small.queryForStrings("select message from Receipt order by message"))
                    .as("statements in the database").containsExactly("statement for Alice", "statement for Bob");
            assertThat(small.countRows("PurchaseOrder")).as("orders in the database").isEqualTo(1);
            assertThat(small.activeConnections()).as("pooled connections still checked out").isZero();
        }
    }
}

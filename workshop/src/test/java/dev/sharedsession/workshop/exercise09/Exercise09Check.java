package dev.sharedsession.workshop.exercise09;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Race;
import dev.sharedsession.runs.Runs09_ThreadBoundSessionInAPool;
import dev.sharedsession.safe.Scenario09_ThreadBoundSessionInAPool;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exercise 9's check: run it with {@code ./exercise check 9}. Each check opens a database of its
 * own beside the one it is given, with scenario 9's settings: the thread-bound current Session,
 * a pool of two connections, a 500 ms wait for one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Exercise 9: the current Session of a pool thread outlives its task")
class Exercise09Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(9);

    private static final String WORKER = "background-worker";
    private static final String RECEIPTS = "select message from Receipt order by customer_id";
    private static final String BROKEN_OFF_MESSAGE = "the upload broke off after line 1";
    private static final String BROKEN_OFF = "failed: java.io.UncheckedIOException: " + BROKEN_OFF_MESSAGE;

    private static Imports imports(Subject subject, SessionFactory sessionFactory, Executor background) {
        return subject.<Imports>pick(() -> new ReceiptImport(sessionFactory, background),
                () -> Subject.delegating(Imports.class, new Scenario09_ThreadBoundSessionInAPool(sessionFactory, background)),
                sessionFactory, background);
    }

    @Test
    @Order(1)
    @OnTheStartingPoint(fails = "[the receipts in the database after Alice's failed batch and Bob's] ")
    @DisplayName("one background thread runs Alice's batch, which fails on its blank line, then Bob's: only Bob's receipt is in the database")
    void aFailedBatchLeavesNothingForTheNextTaskOnItsThread(Database given, Subject subject) {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(given);
             GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            Imports imports = imports(subject, db.sessionFactory(), background);
            CompletableFuture<Integer> alice = imports.submitImport(1, List.of("coffee", ""));
            CompletableFuture<Integer> bob = imports.submitImport(2, List.of("tea"));
            background.open(); // one thread: Alice's task, then Bob's

            assertThat(Ending.of(alice)).as("how Alice's batch ended")
                    .isEqualTo("failed: java.lang.IllegalArgumentException: line 2 of the batch for customer 1 is blank");
            assertThat(Ending.of(bob)).as("how Bob's batch ended, on the thread where Alice's failed").isEqualTo(Ending.COMPLETED);
            background.awaitFinished(2); // a future completes just before its task ends

            assertThat(db.queryForStrings(RECEIPTS)).as("the receipts in the database after Alice's failed batch and Bob's")
                    .containsExactly("tea");
            assertThat(db.activeConnections()).as("pooled connections still checked out after both tasks").isZero();
            assertThat(ExerciseCheck.openSessions(db)).as("Sessions left open after both tasks").isZero();
        }
    }

    @Test
    @Order(2)
    @OnTheStartingPoint(fails = "[how the request importing \"juice\" ended, after two batches failed on the two background threads] expected: "
            + "\"completed\" but was: \"failed: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection")
    @DisplayName("two batches fail, one on each of two background threads; then a request imports a batch on its own thread: it gets a connection")
    void twoFailedBatchesLeaveThePoolToTheRequests(Database given, Subject subject) {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(given);
             Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running(WORKER, 2)) {
            Imports imports = imports(subject, db.sessionFactory(), background);
            // A fixed pool starts a new thread for each of its first two tasks: one batch per thread.
            CompletableFuture<Integer> first = imports.submitImport(1, List.of("coffee", ""));
            CompletableFuture<Integer> second = imports.submitImport(2, List.of("tea", " "));
            assertThat(Ending.of(first)).as("how the first batch ended")
                    .isEqualTo("failed: java.lang.IllegalArgumentException: line 2 of the batch for customer 1 is blank");
            assertThat(Ending.of(second)).as("how the second batch ended")
                    .isEqualTo("failed: java.lang.IllegalArgumentException: line 2 of the batch for customer 2 is blank");
            background.awaitFinished(2);

            String request = Ending.of(race.start("request", () -> imports.importReceipts(3, List.of("juice"))));
            assertThat(request).as("how the request importing \"juice\" ended, after two batches failed on the two background threads")
                    .isEqualTo(Ending.COMPLETED);
            assertThat(db.queryForStrings(RECEIPTS)).as("the receipts in the database").containsExactly("juice");
            assertThat(db.activeConnections()).as("pooled connections still checked out").isZero();
            assertThat(ExerciseCheck.openSessions(db)).as("Sessions left open").isZero();
        }
    }

    @Test
    @Order(3)
    @OnTheStartingPoint(fails = "[the receipts in the database after Alice's upload broke off and Bob's batch] ")
    @DisplayName("Alice's upload breaks off after its first line (any failure, not a blank line), then Bob's batch runs on that thread,"
            + " then a request's upload breaks off: only Bob's receipt is in the database, no connection or Session is left")
    void anyFailureEndsItsUnitOfWork(Database given, Subject subject) {
        try (Database db = Runs09_ThreadBoundSessionInAPool.threadBoundDatabase(given);
             Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            Imports imports = imports(subject, db.sessionFactory(), background);
            CompletableFuture<Integer> alice = imports.submitImport(1, brokenOffAfter("coffee"));
            CompletableFuture<Integer> bob = imports.submitImport(2, List.of("tea"));
            background.open(); // one thread: Alice's task, then Bob's

            assertThat(Ending.of(alice)).as("how Alice's batch ended").isEqualTo(BROKEN_OFF);
            assertThat(Ending.of(bob)).as("how Bob's batch ended, on the thread where Alice's upload broke off").isEqualTo(Ending.COMPLETED);
            background.awaitFinished(2);
            // The request's own thread: a unit of work opened there must end there too.
            String request = Ending.of(race.start("request", () -> imports.importReceipts(3, brokenOffAfter("juice"))));
            assertThat(request).as("how the request's batch ended").isEqualTo(BROKEN_OFF);

            assertThat(db.queryForStrings(RECEIPTS)).as("the receipts in the database after Alice's upload broke off and Bob's batch")
                    .containsExactly("tea");
            assertThat(db.activeConnections()).as("pooled connections still checked out after the three batches").isZero();
            assertThat(ExerciseCheck.openSessions(db)).as("Sessions left open after the three batches").isZero();
        }
    }

    /** A batch of two lines whose second never arrives: reading it fails, as an upload cut off would. */
    private static List<String> brokenOffAfter(String firstLine) {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                if (index == 0) {
                    return firstLine;
                }
                throw new UncheckedIOException(BROKEN_OFF_MESSAGE, new IOException("connection reset"));
            }

            @Override
            public int size() {
                return 2;
            }
        };
    }
}

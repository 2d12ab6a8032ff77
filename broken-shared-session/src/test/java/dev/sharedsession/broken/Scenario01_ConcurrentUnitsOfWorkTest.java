package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.AssertionFailure;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 1, broken: concurrent units of work through one shared Session")
class Scenario01_ConcurrentUnitsOfWorkTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String CAROL = "Carol";
    private static final String NO_NAME = " ";
    private static final String INSERTING_THE_VISIT = "insert into Counter";

    private static List<String> visitsSaved(Database db) {
        return db.queryForStrings("select label from Counter order by label");
    }

    /** Stops {@code visitor} inside its commit, before the flush runs its INSERT. */
    private static Pause committing(Stage stage, String visitor) {
        return stage.pauses().onEvent(Hook.FLUSH, visitor, Object.class);
    }

    /** persist() fetching the visit's id from its sequence, as each dialect writes it. */
    private static String persistingTheVisit(Database db) {
        return PerDatabase.pick(db, "next value for", "nextval(", "next value for");
    }

    @RaceTest
    @DisplayName("Bob commits while Alice is about to: his commit writes and commits Alice's visit too, before Alice's own commit")
    void anotherVisitCommitsFirst(Stage stage) {
        Database db = stage.db();
        Pause aliceCommitting = committing(stage, ALICE);
        try (var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory())) {
            Actor<Void> alice = stage.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceCommitting.awaitReached();              // inside Alice's commit, before its flush
            stage.run(BOB, () -> visits.recordVisit(BOB)).join();

            assertThat(visitsSaved(db)).containsExactly(ALICE, BOB); // Alice has not committed yet
            aliceCommitting.release();
            alice.join();
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE, BOB);
    }

    @RaceTest
    @DisplayName("Bob's visit fails and rolls back while Alice commits: Alice's commit returns normally, yet her visit is not in the database")
    void aFailingVisitRollsBackWhileAnotherCommits(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_01.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo("a commit returned normally, its row is missing");
        assertThat(outcome.failure()).isNull();            // Alice's commit returned normally...
        assertThat(visitsSaved(stage.db())).isEmpty();     // ...and committed nothing: Bob's rollback cleared her INSERT
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back while Alice's INSERT is on its way: her INSERT is saved anyway, then her commit fails with AssertionFailure 'possible non-threadsafe access to session'")
    void aFailingVisitRollsBackInTheMiddleOfAnotherInsert(Stage stage) {
        Database db = stage.db();
        Pause aliceBeforeInsert = stage.beforeStatement(ALICE, INSERTING_THE_VISIT);
        try (var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory())) {
            Actor<Void> alice = stage.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceBeforeInsert.awaitReached();            // inside Alice's flush, the INSERT about to run
            Throwable bobsFailure = stage.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            aliceBeforeInsert.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a visit needs the visitor's name");
            assertThat(alice.failure()).isInstanceOf(AssertionFailure.class)
                    .hasMessage("possible non-threadsafe access to session");
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE); // her commit threw, yet her visit was saved
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back before Alice commits: Alice's commit fails with 'Transaction not successfully started', and the next visitor's commit saves her visit after all")
    void aFailingVisitRollsBackBeforeAnotherCommits(Stage stage) {
        Database db = stage.db();
        Pause alicePersisting = stage.beforeStatement(ALICE, persistingTheVisit(stage.db()));
        try (var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory())) {
            Actor<Void> alice = stage.run(ALICE, () -> visits.recordVisit(ALICE));
            alicePersisting.awaitReached();              // Alice has begun; Bob's begin joins her transaction
            Throwable bobsFailure = stage.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            alicePersisting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a visit needs the visitor's name");
            assertThat(alice.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started");
            assertThat(visitsSaved(db)).isEmpty();

            stage.run(CAROL, () -> visits.recordVisit(CAROL)).join(); // later, nothing concurrent
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE, CAROL); // Alice's failed visit rode along with Carol's commit
    }

    @RaceTest
    @DisplayName("eight visitors, one without a name: the failing one rolls back the shared transaction and all seven commits return normally with nothing saved")
    void eightVisitorsAtOnceOneOfThemInvalid(Stage stage) {
        Database db = stage.db();
        try (var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory())) {
            List<Pause> inTheirCommits = new ArrayList<>();
            List<Actor<Void>> visitors = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {   // one at a time into their commits, so the persists do not race
                String name = "visitor-" + i;
                Pause pause = committing(stage, name);
                visitors.add(stage.run(name, () -> visits.recordVisit(name)));
                pause.awaitReached();
                inTheirCommits.add(pause);
            }
            Throwable invalid = stage.run("visitor-8", () -> visits.recordVisit(NO_NAME)).failure();
            inTheirCommits.forEach(Pause::release);

            assertThat(invalid).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a visit needs the visitor's name");
            assertThat(visitors).allSatisfy(visitor -> assertThat(visitor.failure()).isNull()); // seven normal returns
        }
        assertThat(visitsSaved(db)).isEmpty(); // seven visits lost without an exception
    }
}

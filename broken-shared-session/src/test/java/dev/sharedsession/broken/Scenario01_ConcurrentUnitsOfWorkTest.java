package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.AssertionFailure;
import org.hibernate.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 1, broken: concurrent units of work through one shared Session")
class Scenario01_ConcurrentUnitsOfWorkTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String CAROL = "Carol";
    private static final String NO_NAME = " ";
    private static final Duration LIMIT = Race.TIMEOUT;

    private static List<String> visitsSaved(Database db) {
        return db.queryForStrings("select label from Counter order by label");
    }

    @RaceTest
    @DisplayName("Bob commits while Alice is about to: his commit writes and commits Alice's visit too, before Alice's own commit")
    void anotherVisitCommitsFirst(Database db) {
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(shared);

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceCommitting.awaitReached();              // inside Alice's commit, before its flush
            race.run(BOB, () -> visits.recordVisit(BOB)).join();

            assertThat(visitsSaved(db)).containsExactly(ALICE, BOB); // Alice has not committed yet
            aliceCommitting.release();
            alice.join();
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE, BOB);
    }

    @RaceTest
    @DisplayName("Bob's visit fails and rolls back while Alice commits: Alice's commit returns normally, yet her visit is not in the database")
    void aFailingVisitRollsBackWhileAnotherCommits(Database db) {
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(shared);

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceCommitting.awaitReached();              // her INSERT is still waiting in the action queue
            Throwable bobsFailure = race.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            aliceCommitting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a visit needs the visitor's name");
            assertThat(alice.failure()).isNull();        // Alice's commit returned normally...
        }
        assertThat(visitsSaved(db)).isEmpty();           // ...and committed nothing: Bob's rollback cleared her INSERT
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back while Alice's INSERT is on its way: her INSERT is saved anyway, then her commit fails with AssertionFailure 'possible non-threadsafe access to session'")
    void aFailingVisitRollsBackInTheMiddleOfAnotherInsert(Database db) {
        Pause aliceBeforeInsert = PausePoints.of(db).beforeStatement(ALICE, "insert into Counter");
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(shared);

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceBeforeInsert.awaitReached();            // inside Alice's flush, the INSERT about to run
            Throwable bobsFailure = race.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            aliceBeforeInsert.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            assertThat(alice.failure()).isInstanceOf(AssertionFailure.class)
                    .hasMessage("possible non-threadsafe access to session");
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE); // her commit threw, yet her visit was saved
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back before Alice commits: Alice's commit fails with 'Transaction not successfully started', and the next visitor's commit saves her visit after all")
    void aFailingVisitRollsBackBeforeAnotherCommits(Database db) {
        Pause alicePersisting = PausePoints.of(db).beforeStatement(ALICE, "next value for"); // her persist fetching an id
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(shared);

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            alicePersisting.awaitReached();              // Alice has begun; Bob's begin joins her transaction
            Throwable bobsFailure = race.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            alicePersisting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            assertThat(alice.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started");
            assertThat(visitsSaved(db)).isEmpty();

            race.run(CAROL, () -> visits.recordVisit(CAROL)).join(); // later, nothing concurrent
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE, CAROL); // Alice's failed visit rode along with Carol's commit
    }

    @RaceTest
    @DisplayName("eight visitors, one without a name: the failing one rolls back the shared transaction and all seven commits return normally with nothing saved")
    void eightVisitorsAtOnceOneOfThemInvalid(Database db) {
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(shared);

            List<Pause> committing = new ArrayList<>();
            List<Actor<Void>> visitors = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {   // one at a time into their commits, so the persists do not race
                String name = "visitor-" + i;
                Pause pause = PausePoints.of(db).onEvent(Hook.FLUSH, name, Object.class);
                visitors.add(race.run(name, () -> visits.recordVisit(name)));
                pause.awaitReached();
                committing.add(pause);
            }
            Throwable invalid = race.run("visitor-8", () -> visits.recordVisit(NO_NAME)).failure();
            committing.forEach(Pause::release);

            assertThat(invalid).isInstanceOf(IllegalArgumentException.class);
            assertThat(visitors).allSatisfy(visitor -> assertThat(visitor.failure()).isNull()); // seven normal returns
        }
        assertThat(visitsSaved(db)).isEmpty(); // seven visits lost without an exception
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many go wrong is the scheduler's choice, not asserted)")
    void uncoordinatedVisitsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario01-natural"),
                Scenario01_ConcurrentUnitsOfWork::runNaturally);

        System.out.println("natural runs of the shared Session's visits: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob's rollback lands while Alice commits, 'a commit returned normally, its row is missing'")
    void forcedRunShowsTheHeadlineFailure(Database db) {
        assertThat(Scenario01_ConcurrentUnitsOfWork.runForced(db).label())
                .isEqualTo("a commit returned normally, its row is missing");
        assertThat(visitsSaved(db)).isEmpty();
    }
}

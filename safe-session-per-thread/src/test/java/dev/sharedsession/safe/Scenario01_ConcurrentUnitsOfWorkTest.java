package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs01_ConcurrentUnitsOfWork;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 1, safe: concurrent units of work, each in a Session of its own")
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
    @DisplayName("Bob commits while Alice is about to: his commit saves only his visit; Alice's is saved by her own commit")
    void anotherVisitCommitsFirst(Stage stage) {
        Database db = stage.db();
        Pause aliceCommitting = committing(stage, ALICE);
        // nothing to close: each visit closes its own Session
        var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());
        Actor<Void> alice = stage.run(ALICE, () -> visits.recordVisit(ALICE));
        aliceCommitting.awaitReached();              // inside Alice's commit, before its flush
        stage.run(BOB, () -> visits.recordVisit(BOB)).join();

        assertThat(visitsSaved(db)).containsExactly(BOB); // Alice has not committed yet
        aliceCommitting.release();
        alice.join();
        assertThat(visitsSaved(db)).containsExactly(ALICE, BOB);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's visit fails and rolls back while Alice commits: his rollback discards only his visit, Alice's is saved")
    void aFailingVisitRollsBackWhileAnotherCommits(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_01.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(visitsSaved(stage.db())).containsExactly(ALICE);
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back while Alice's INSERT is on its way: Alice's commit succeeds and her visit is saved once")
    void aFailingVisitRollsBackInTheMiddleOfAnotherInsert(Stage stage) {
        Database db = stage.db();
        Pause aliceBeforeInsert = stage.beforeStatement(ALICE, INSERTING_THE_VISIT);
        // nothing to close: each visit closes its own Session
        var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());
        Actor<Void> alice = stage.run(ALICE, () -> visits.recordVisit(ALICE));
        aliceBeforeInsert.awaitReached();            // inside Alice's flush, the INSERT about to run
        Throwable bobsFailure = stage.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
        aliceBeforeInsert.release();

        assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a visit needs the visitor's name");
        assertThat(alice.failure()).isNull();
        assertThat(visitsSaved(db)).containsExactly(ALICE);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back before Alice commits: Alice's commit succeeds, and Carol's later commit saves only Carol's visit")
    void aFailingVisitRollsBackBeforeAnotherCommits(Stage stage) {
        Database db = stage.db();
        Pause alicePersisting = stage.beforeStatement(ALICE, persistingTheVisit(stage.db()));
        // nothing to close: each visit closes its own Session
        var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());
        Actor<Void> alice = stage.run(ALICE, () -> visits.recordVisit(ALICE));
        alicePersisting.awaitReached();              // Alice has begun her own transaction
        Throwable bobsFailure = stage.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
        alicePersisting.release();

        assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a visit needs the visitor's name");
        assertThat(alice.failure()).isNull();
        assertThat(visitsSaved(db)).containsExactly(ALICE);

        stage.run(CAROL, () -> visits.recordVisit(CAROL)).join(); // later, nothing concurrent
        assertThat(visitsSaved(db)).containsExactly(ALICE, CAROL);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight visitors at once, five visits each, one of them without a name: exactly the 35 valid visits are saved, the nameless visit fails alone, no connection leaks")
    void eightVisitorsAtOnceOneOfThemInvalid(Stage stage) {
        Database db = stage.db();
        CyclicBarrier together = new CyclicBarrier(8); // all eight start at once
        List<String> expected = new ArrayList<>();
        // nothing to close: each visit closes its own Session
        var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());
        List<Actor<Void>> visitors = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String name = "visitor-" + i;
            boolean invalid = i == 8;
            for (int v = 1; v <= 5 && !invalid; v++) {
                expected.add(name + " #" + v);
            }
            visitors.add(stage.run(name, () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (int v = 1; v <= 5; v++) {
                    visits.recordVisit(invalid ? NO_NAME : name + " #" + v);
                }
            }));
        }

        assertThat(visitors.subList(0, 7)).allSatisfy(visitor -> assertThat(visitor.failure()).isNull());
        assertThat(visitors.get(7).failure()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a visit needs the visitor's name");
        assertThat(visitsSaved(db)).containsExactlyElementsOf(expected.stream().sorted().toList());
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (every visit's row as its commit said, no connection leaked)")
    void uncoordinatedVisitsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario01-natural"),
                Bindings.SCENARIO_01.naturalRun(Runs01_ConcurrentUnitsOfWork.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight visitors at once, nothing forced: all forty visits saved, no connection leaks")
    void naturalRunOfEightVisitors(Stage stage) {
        assertThat(Bindings.SCENARIO_01.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().countRows("Counter")).isEqualTo(8 * Runs01_ConcurrentUnitsOfWork.VISITS_PER_THREAD);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

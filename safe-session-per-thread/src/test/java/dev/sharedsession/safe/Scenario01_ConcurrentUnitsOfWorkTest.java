package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Scenario 1, safe: concurrent units of work, each in a Session of its own")
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
    @DisplayName("Bob commits while Alice is about to: his commit saves only his visit; Alice's is saved by her own commit")
    void anotherVisitCommitsFirst(Database db) {
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceCommitting.awaitReached();              // inside Alice's commit, before its flush
            race.run(BOB, () -> visits.recordVisit(BOB)).join();

            assertThat(visitsSaved(db)).containsExactly(BOB); // Alice has not committed yet
            aliceCommitting.release();
            alice.join();
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE, BOB);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's visit fails and rolls back while Alice commits: his rollback discards only his visit, Alice's is saved")
    void aFailingVisitRollsBackWhileAnotherCommits(Database db) {
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceCommitting.awaitReached();
            Throwable bobsFailure = race.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            aliceCommitting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a visit needs the visitor's name");
            assertThat(alice.failure()).isNull();
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back while Alice's INSERT is on its way: Alice's commit succeeds and her visit is saved once")
    void aFailingVisitRollsBackInTheMiddleOfAnotherInsert(Database db) {
        Pause aliceBeforeInsert = PausePoints.of(db).beforeStatement(ALICE, "insert into Counter");
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            aliceBeforeInsert.awaitReached();
            Throwable bobsFailure = race.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            aliceBeforeInsert.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            assertThat(alice.failure()).isNull();
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's visit rolls back before Alice commits: Alice's commit succeeds, and Carol's later commit saves only Carol's visit")
    void aFailingVisitRollsBackBeforeAnotherCommits(Database db) {
        Pause alicePersisting = PausePoints.of(db).beforeStatement(ALICE, "next value for"); // her persist fetching an id
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());

            Actor<Void> alice = race.run(ALICE, () -> visits.recordVisit(ALICE));
            alicePersisting.awaitReached();
            Throwable bobsFailure = race.run(BOB, () -> visits.recordVisit(NO_NAME)).failure();
            alicePersisting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            assertThat(alice.failure()).isNull();
            assertThat(visitsSaved(db)).containsExactly(ALICE);

            race.run(CAROL, () -> visits.recordVisit(CAROL)).join();
        }
        assertThat(visitsSaved(db)).containsExactly(ALICE, CAROL);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight visitors at once, five visits each, one of them without a name: exactly the 35 valid visits are saved, the nameless visit fails alone, no connection leaks")
    void eightVisitorsAtOnceOneOfThemInvalid(Database db) {
        CyclicBarrier together = new CyclicBarrier(8); // all eight start at once
        List<String> expected = new ArrayList<>();
        try (Race race = Race.bounded()) {
            var visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());

            List<Actor<Void>> visitors = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                String name = "visitor-" + i;
                boolean invalid = i == 8;
                for (int v = 1; v <= 5 && !invalid; v++) {
                    expected.add(name + " #" + v);
                }
                visitors.add(race.run(name, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    for (int v = 1; v <= 5; v++) {
                        visits.recordVisit(invalid ? NO_NAME : name + " #" + v);
                    }
                }));
            }

            assertThat(visitors.subList(0, 7)).allSatisfy(visitor -> assertThat(visitor.failure()).isNull());
            assertThat(visitors.get(7).failure()).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(visitsSaved(db)).containsExactlyElementsOf(expected.stream().sorted().toList());
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedVisitsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario01-natural"),
                Scenario01_ConcurrentUnitsOfWork::runNaturally);

        System.out.println("natural runs of a Session per visit: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok includes: every visit's row as its commit said, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob's rollback lands while Alice commits, ok: only his visit is discarded")
    void forcedRunShowsTheHeadlineFailure(Database db) {
        assertThat(Scenario01_ConcurrentUnitsOfWork.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(visitsSaved(db)).containsExactly(ALICE);
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} visitor(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 visitors it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) {
        try (Database db = PausePoints.testDatabase("scenario01-threads")) {
            assertThat(Scenario01_ConcurrentUnitsOfWork.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario01_ConcurrentUnitsOfWork.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

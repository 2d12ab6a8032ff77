package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs06_LostUpdate;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 6, safe: a Session per thread, plus an atomic UPDATE, a lock or a version")
class Scenario06_LostUpdateTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String CAROL = "Carol";
    private static final String WRITING_THE_COUNTER = "update Counter";
    private static final String WRITING_THE_VERSIONED_COUNTER = "update VersionedCounter";
    private static final String HITS = "select hits from Counter where id = ?";
    private static final String VERSIONED_HITS = "select hits from VersionedCounter where id = ?";
    private static final String VERSION = "select row_version from VersionedCounter where id = ?";

    /** The row lock of PESSIMISTIC_WRITE; on PostgreSQL, Hibernate asks for the weaker lock an UPDATE needs, "for no key update". */
    private static String askingForTheRowLock(Database db) {
        return PerDatabase.pick(db, "for update", "for no key update", "for update");
    }

    @RaceTest
    @DisplayName("Bob's whole hit happens while Alice is about to write hers: the database adds one for each; hits = 2, no connection leaks")
    void bobHitsWhileAliceIsAboutToWrite(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_06.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForLong("select count(*) from Counter")).isEqualTo(1);
        assertThat(stage.db().queryForLong("select hits from Counter")).isEqualTo(2);
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob asks for the row lock Alice holds: in a transaction of his own he waits for her commit and reads her 1; hits = 2")
    void bobAsksForTheRowLockAliceHolds(Stage stage) {
        Database db = stage.db();
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        Pause aliceBeforeUpdate = stage.beforeStatement(ALICE, WRITING_THE_COUNTER);
        Pause bobBeforeLocking = stage.beforeStatement(BOB, askingForTheRowLock(stage.db()));
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Actor<Long> alice = stage.start(ALICE, () -> counters.hitLocked(counterId));
        aliceBeforeUpdate.awaitReached();  // Alice read 0 under "for update" and holds the row lock
        Actor<Long> bob = stage.start(BOB, () -> counters.hitLocked(counterId));
        bobBeforeLocking.awaitReached();   // Bob is about to ask for the same lock
        bobBeforeLocking.release();        // it waits in the database until Alice's transaction ends
        aliceBeforeUpdate.release();

        assertThat(alice.join()).isEqualTo(1);
        assertThat(bob.join()).isEqualTo(2);
        assertThat(db.queryForLong(HITS, counterId)).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Alice writes a versioned counter Bob changed since she read it: her UPDATE is rejected and retried in a fresh Session; hits = 2")
    void aliceWritesAVersionBobHasChanged(Stage stage) {
        Database db = stage.db();
        long counterId = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = stage.beforeStatement(ALICE, WRITING_THE_VERSIONED_COUNTER);

        Actor<Long> alice = stage.start(ALICE, () -> counters.hitVersioned(counterId));
        aliceBeforeUpdate.awaitReached();  // Alice read 0 (version 0) and is committing 1
        long bobSaw = stage.start(BOB, () -> counters.hitVersioned(counterId)).join(); // Bob read 0, committed 1
        aliceBeforeUpdate.release();

        assertThat(bobSaw).isEqualTo(1);
        assertThat(alice.join()).isEqualTo(2); // her second attempt read Bob's 1
        assertThat(counters.retries()).isEqualTo(1);
        assertThat(db.queryForLong(VERSIONED_HITS, counterId)).isEqualTo(2);
        assertThat(db.queryForLong(VERSION, counterId)).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Alice's versioned hit goes stale twice (Bob, then Carol): she retries twice, each time in a fresh Session; hits = 3")
    void aliceWritesAVersionBobThenCarolHaveChanged(Stage stage) {
        Database db = stage.db();
        long counterId = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause firstAttempt = stage.beforeStatement(ALICE, WRITING_THE_VERSIONED_COUNTER);

        Actor<Long> alice = stage.start(ALICE, () -> counters.hitVersioned(counterId));
        firstAttempt.awaitReached();       // Alice read version 0
        assertThat(stage.start(BOB, () -> counters.hitVersioned(counterId)).join()).isEqualTo(1);
        // armed only now, so it stops Alice's second attempt, not the first one again
        Pause secondAttempt = stage.beforeStatement(ALICE, WRITING_THE_VERSIONED_COUNTER);
        firstAttempt.release();
        secondAttempt.awaitReached();      // Alice failed, retried, read version 1
        assertThat(stage.start(CAROL, () -> counters.hitVersioned(counterId)).join()).isEqualTo(2);
        secondAttempt.release();

        assertThat(alice.join()).isEqualTo(3);
        assertThat(counters.retries()).isEqualTo(2);
        assertThat(db.queryForLong(VERSIONED_HITS, counterId)).isEqualTo(3);
        assertThat(db.queryForLong(VERSION, counterId)).isEqualTo(3);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight visitors hit one counter, all about to write before any writes: each UPDATE adds one under the row lock; eight hits, hits = 8")
    void eightVisitorsAboutToWriteAtOnce(Stage stage) {
        Database db = stage.db();
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        List<Pause> beforeWriting = new ArrayList<>();
        List<Actor<Long>> visitors = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            beforeWriting.add(stage.beforeStatement("visitor-" + i, WRITING_THE_COUNTER));
            visitors.add(stage.start("visitor-" + i, () -> counters.hit(counterId)));
        }
        beforeWriting.forEach(Pause::awaitReached); // all eight are about to send their UPDATE
        beforeWriting.forEach(Pause::release);

        assertThat(visitors.stream().map(Actor::join)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(db.queryForLong(HITS, counterId)).isEqualTo(8);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight visitors, ten hits each through each of the three fixes, started together: every counter is exactly 80, no connection leaks")
    void eightyHitsThroughEachFixAtOnce(Stage stage) {
        Database db = stage.db();
        long atomic = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "atomic");
        long locked = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "locked");
        long versioned = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "versioned");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        int visitors = 8;
        CyclicBarrier together = new CyclicBarrier(visitors);
        List<Actor<Void>> running = new ArrayList<>();
        for (int v = 1; v <= visitors; v++) {
            running.add(stage.run("visitor-" + v, () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (int i = 0; i < 10; i++) {
                    counters.hit(atomic);
                    counters.hitLocked(locked);
                    counters.hitVersioned(versioned);
                }
            }));
        }
        running.forEach(Actor::join);

        assertThat(db.queryForLong(HITS, atomic)).isEqualTo(80);
        assertThat(db.queryForLong(HITS, locked)).isEqualTo(80);
        assertThat(db.queryForLong(VERSIONED_HITS, versioned)).isEqualTo(80);
        assertThat(db.queryForLong(VERSION, versioned)).isEqualTo(80);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("forty hits on one counter at once (four visitors, ten each), nothing forced, 20 times: every run ok, the counter at 40")
    void fortyHitsOnOneCounterAtOnce() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario06-natural"),
                Bindings.SCENARIO_06.naturalRun(Runs06_LostUpdate.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eighty hits on one counter at once (eight visitors, ten each), nothing forced: hits = 80")
    void eightyHitsOnOneCounterAtOnce(Stage stage) throws Exception {
        assertThat(Bindings.SCENARIO_06.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForLong("select hits from Counter")).isEqualTo(80);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.race.Actor;
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

@DisplayName("Scenario 6, safe: a Session per thread, plus a version, a lock or an atomic UPDATE")
class Scenario06_LostUpdateTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String CAROL = "Carol";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("Alice and Bob each open their own Session on a versioned counter: Alice's stale write is rejected, she retries in a fresh Session; hits = 2")
    void sharedSession(Database db) {
        long counterId = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, "update VersionedCounter");
        try (Race race = Race.bounded()) {
            Actor<Long> alice = race.start(ALICE, () -> counters.hitVersioned(counterId));
            aliceBeforeUpdate.awaitReached();  // Alice read 0 (version 0) and is committing 1
            long bobSaw = race.start(BOB, () -> counters.hitVersioned(counterId)).join(); // Bob read 0, committed 1
            aliceBeforeUpdate.release();

            assertThat(bobSaw).isEqualTo(1);
            assertThat(alice.join()).isEqualTo(2); // her second attempt read Bob's 1
            assertThat(counters.retries()).isEqualTo(1);
        }
        assertThat(db.queryForLong("select hits from VersionedCounter where id = " + counterId)).isEqualTo(2);
        assertThat(db.queryForLong("select row_version from VersionedCounter where id = " + counterId)).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("PESSIMISTIC_WRITE in a Session per thread: Alice holds the row lock, Bob's locking read cannot see 0, he reads her 1; hits = 2")
    void pessimisticLock(Database db) {
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, "update Counter");
        Pause bobBeforeLocking = PausePoints.of(db).beforeStatement(BOB, "for update");
        try (Race race = Race.bounded()) {
            Actor<Long> alice = race.start(ALICE, () -> counters.hitLocked(counterId));
            aliceBeforeUpdate.awaitReached();  // Alice read 0 under "for update" and holds the row lock
            Actor<Long> bob = race.start(BOB, () -> counters.hitLocked(counterId));
            bobBeforeLocking.awaitReached();   // Bob is about to ask for the same lock
            bobBeforeLocking.release();        // it waits in the database until Alice's transaction ends
            aliceBeforeUpdate.release();

            assertThat(alice.join()).isEqualTo(1);
            assertThat(bob.join()).isEqualTo(2);
        }
        assertThat(db.queryForLong("select hits from Counter where id = " + counterId)).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("an atomic 'update Counter set hits = hits + 1', a Session per thread: Alice's UPDATE after Bob's commit adds to his 1; hits = 2")
    void atomicUpdate(Database db) {
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, "update Counter");
        try (Race race = Race.bounded()) {
            Actor<Long> alice = race.start(ALICE, () -> counters.hitAtomically(counterId));
            aliceBeforeUpdate.awaitReached();  // Alice is about to send her UPDATE: she read nothing
            long bobSaw = race.start(BOB, () -> counters.hitAtomically(counterId)).join();
            aliceBeforeUpdate.release();

            assertThat(bobSaw).isEqualTo(1);
            assertThat(alice.join()).isEqualTo(2);
        }
        assertThat(db.queryForLong("select hits from Counter where id = " + counterId)).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("@Version with a retry that walks the cause chain: Alice loses twice (to Bob, then Carol), retries twice in fresh Sessions; hits = 3")
    void versionedCounterWithRetry(Database db) {
        long counterId = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause firstAttempt = PausePoints.of(db).beforeStatement(ALICE, "update VersionedCounter");
        try (Race race = Race.bounded()) {
            Actor<Long> alice = race.start(ALICE, () -> counters.hitVersioned(counterId));
            firstAttempt.awaitReached();       // Alice read version 0
            assertThat(race.start(BOB, () -> counters.hitVersioned(counterId)).join()).isEqualTo(1);
            // armed only now, so it stops Alice's second attempt, not the first one again
            Pause secondAttempt = PausePoints.of(db).beforeStatement(ALICE, "update VersionedCounter");
            firstAttempt.release();
            secondAttempt.awaitReached();      // Alice failed, retried, read version 1
            assertThat(race.start(CAROL, () -> counters.hitVersioned(counterId)).join()).isEqualTo(2);
            secondAttempt.release();

            assertThat(alice.join()).isEqualTo(3);
            assertThat(counters.retries()).isEqualTo(2);
        }
        assertThat(db.queryForLong("select hits from VersionedCounter where id = " + counterId)).isEqualTo(3);
        assertThat(db.queryForLong("select row_version from VersionedCounter where id = " + counterId)).isEqualTo(3);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight visitors, ten hits each through each of the three fixes, started together: every counter is exactly 80, no connection leaks")
    void eightThreadsIncrementOneCounter(Database db) {
        long versioned = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "versioned");
        long locked = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "locked");
        long atomic = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "atomic");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        int visitors = 8;
        CyclicBarrier together = new CyclicBarrier(visitors);
        try (Race race = Race.bounded()) {
            List<Actor<Void>> running = new ArrayList<>();
            for (int v = 1; v <= visitors; v++) {
                running.add(race.run("visitor-" + v, () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    for (int i = 0; i < 10; i++) {
                        counters.hitVersioned(versioned);
                        counters.hitLocked(locked);
                        counters.hitAtomically(atomic);
                    }
                }));
            }
            running.forEach(Actor::join);
        }
        assertThat(db.queryForLong("select hits from VersionedCounter where id = " + versioned)).isEqualTo(80);
        assertThat(db.queryForLong("select row_version from VersionedCounter where id = " + versioned)).isEqualTo(80);
        assertThat(db.queryForLong("select hits from Counter where id = " + locked)).isEqualTo(80);
        assertThat(db.queryForLong("select hits from Counter where id = " + atomic)).isEqualTo(80);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedHitsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario06-natural"),
                Scenario06_LostUpdate::runNaturally);

        System.out.println("natural runs of the safe counters: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok: every counter exact, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Alice and Bob hit one counter, Bob reading while Alice's increment is unwritten: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario06_LostUpdate.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} visitor(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 visitor(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario06-threads")) {
            assertThat(Scenario06_LostUpdate.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario06_LostUpdate.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

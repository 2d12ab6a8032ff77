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
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 6, broken: read-modify-write of one counter loses increments")
class Scenario06_LostUpdateTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("Alice and Bob share one Session: Bob's refresh overwrites Alice's unflushed increment in the shared Counter object; two hits, hits = 1")
    void sharedSession(Database db) {
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        Pause aliceBeforeFlush = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Race race = Race.bounded(); Session shared = db.sessionFactory().openSession()) {
            shared.beginTransaction(); // the owner's transaction, around both hits

            Actor<Long> alice = race.start(ALICE, () -> Scenario06_LostUpdate.hitThroughSharedSession(shared, counterId));
            aliceBeforeFlush.awaitReached();  // Alice has read 0 and incremented the shared object to 1
            long bobSaw = race.start(BOB, () -> Scenario06_LostUpdate.hitThroughSharedSession(shared, counterId)).join();
            aliceBeforeFlush.release();
            long aliceSaw = alice.join();

            shared.getTransaction().commit();
            assertThat(bobSaw).isEqualTo(1);   // his refresh read 0 back into the object Alice had set to 1
            assertThat(aliceSaw).isEqualTo(1); // ...and her flush found nothing left to write
        }
        assertThat(db.queryForLong("select hits from Counter where id = " + counterId)).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("a PESSIMISTIC_WRITE lock through one shared Session: the lock belongs to its one transaction, so Bob is not held back; two hits, hits = 1")
    void pessimisticLock(Database db) {
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        Pause aliceBeforeFlush = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Race race = Race.bounded(); Session shared = db.sessionFactory().openSession()) {
            shared.beginTransaction();

            Actor<Long> alice = race.start(ALICE, () -> Scenario06_LostUpdate.hitLockedThroughSharedSession(shared, counterId));
            aliceBeforeFlush.awaitReached();   // Alice holds the row lock and has incremented to 1
            // Bob asks for the same lock while Alice holds it, and finishes at once: Hibernate
            // sees the lock already held in this Session and re-reads without "for update".
            long bobSaw = race.start(BOB, () -> Scenario06_LostUpdate.hitLockedThroughSharedSession(shared, counterId)).join();
            aliceBeforeFlush.release();
            long aliceSaw = alice.join();

            shared.getTransaction().commit();
            assertThat(bobSaw).isEqualTo(1);
            assertThat(aliceSaw).isEqualTo(1);
        }
        assertThat(db.queryForLong("select hits from Counter where id = " + counterId)).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("a Session per thread but no version: both read 0, Alice's late UPDATE writes 1 over Bob's committed 1; two hits, hits = 1")
    void atomicUpdate(Database db) {
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, "update Counter");
        try (Race race = Race.bounded()) {
            Actor<Long> alice = race.start(ALICE, () -> counters.hitInOwnSession(counterId));
            aliceBeforeUpdate.awaitReached();  // Alice read 0 and is committing hits=1
            long bobSaw = race.start(BOB, () -> counters.hitInOwnSession(counterId)).join(); // Bob read 0, committed 1
            aliceBeforeUpdate.release();
            long aliceSaw = alice.join();

            assertThat(bobSaw).isEqualTo(1);
            assertThat(aliceSaw).isEqualTo(1);
        }
        assertThat(db.queryForLong("select hits from Counter where id = " + counterId)).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("@Version but no retry: Alice's stale UPDATE matches no row and fails with OptimisticLockException; her hit is lost loudly, hits = 1")
    void versionedCounterWithRetry(Database db) {
        long counterId = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, "update VersionedCounter");
        try (Race race = Race.bounded()) {
            Actor<Long> alice = race.start(ALICE, () -> counters.hitVersioned(counterId));
            aliceBeforeUpdate.awaitReached();  // Alice read version 0
            long bobSaw = race.start(BOB, () -> counters.hitVersioned(counterId)).join(); // Bob wrote version 1
            aliceBeforeUpdate.release();

            assertThat(bobSaw).isEqualTo(1);
            assertThat(alice.failure())
                    .isInstanceOf(OptimisticLockException.class)
                    .hasMessage("Unexpected row count (expected row count 1 but was 0) "
                            + "[update VersionedCounter set hits=?,label=?,row_version=? where id=? and row_version=?] "
                            + "for entity [dev.sharedsession.common.model.VersionedCounter with id '" + counterId + "']")
                    .hasCauseInstanceOf(StaleObjectStateException.class);
        }
        assertThat(db.queryForLong("select hits from VersionedCounter where id = " + counterId)).isEqualTo(1);
        assertThat(db.queryForLong("select row_version from VersionedCounter where id = " + counterId)).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("eight visitors, a Session each, no version, all read 0 before any writes: eight hits, hits = 1")
    void eightThreadsIncrementOneCounter(Database db) {
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        List<Pause> beforeUpdate = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            beforeUpdate.add(PausePoints.of(db).beforeStatement("visitor-" + i, "update Counter"));
        }
        try (Race race = Race.bounded()) {
            List<Actor<Long>> visitors = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                visitors.add(race.start("visitor-" + i, () -> counters.hitInOwnSession(counterId)));
            }
            beforeUpdate.forEach(Pause::awaitReached); // all eight have read 0 and are about to write 1
            beforeUpdate.forEach(Pause::release);

            assertThat(visitors).allSatisfy(visitor -> assertThat(visitor.join()).isEqualTo(1));
        }
        assertThat(db.queryForLong("select hits from Counter where id = " + counterId)).isEqualTo(1);
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many lose increments is the scheduler's choice, not asserted)")
    void uncoordinatedHitsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario06-natural"),
                Scenario06_LostUpdate::runNaturally);

        System.out.println("natural runs of the broken counter: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Alice and Bob hit one counter, Bob reading while Alice's increment is unwritten: 'an increment was lost: two hits, hits = 1'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario06_LostUpdate.runForced(db).label())
                .isEqualTo("an increment was lost: two hits, hits = 1");
    }
}

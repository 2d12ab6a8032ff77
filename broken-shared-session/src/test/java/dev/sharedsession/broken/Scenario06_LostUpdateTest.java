package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.RaceTest;
import jakarta.persistence.OptimisticLockException;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 6, broken: read-modify-write of one counter loses increments")
class Scenario06_LostUpdateTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String WRITING_THE_COUNTER = "update Counter";
    private static final String WRITING_THE_VERSIONED_COUNTER = "update VersionedCounter";
    private static final String HITS = "select hits from Counter where id = ?";
    private static final String VERSIONED_HITS = "select hits from VersionedCounter where id = ?";
    private static final String VERSION = "select row_version from VersionedCounter where id = ?";

    @RaceTest
    @DisplayName("Bob's whole hit happens while Alice is about to write hers: both read 0 and wrote 1; two hits, hits = 1")
    void bobHitsWhileAliceIsAboutToWrite(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_06.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo("an increment was lost: two hits, hits = 1");
        assertThat(stage.db().queryForLong("select count(*) from Counter")).isEqualTo(1);
        assertThat(stage.db().queryForLong("select hits from Counter")).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("Bob asks for the row lock Alice holds: it belongs to the one shared Session's transaction, so he is not held back and reads 0 over her increment; two hits, hits = 1")
    void bobAsksForTheRowLockAliceHolds(Stage stage) {
        Database db = stage.db();
        long counterId = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "home page");
        Pause aliceBeforeFlush = stage.pauses().onEvent(Hook.FLUSH, ALICE, Object.class);
        try (var counters = new Scenario06_LostUpdate(db.sessionFactory())) {
            Actor<Long> alice = stage.start(ALICE, () -> counters.hitLocked(counterId));
            aliceBeforeFlush.awaitReached();   // Alice holds the row lock and has incremented to 1
            // Bob asks for the same lock while Alice holds it, and finishes at once: Hibernate
            // sees the lock already held in this Session and re-reads without "for update".
            long bobSaw = stage.start(BOB, () -> counters.hitLocked(counterId)).join();
            aliceBeforeFlush.release();
            long aliceSaw = alice.join();

            assertThat(bobSaw).isEqualTo(1);   // his refresh read 0 back into the object Alice had set to 1
            assertThat(aliceSaw).isEqualTo(1); // ...and her flush found nothing left to write
        } // close(): the owner commits the shared Session's transaction
        assertThat(db.queryForLong(HITS, counterId)).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("Alice writes a versioned counter Bob changed since she read it: her UPDATE matches no row, OptimisticLockException, nothing retries; two hits, hits = 1")
    void aliceWritesAVersionBobHasChanged(Stage stage) {
        Database db = stage.db();
        long counterId = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "home page");
        var counters = new Scenario06_LostUpdate(db.sessionFactory());
        Pause aliceBeforeUpdate = stage.beforeStatement(ALICE, WRITING_THE_VERSIONED_COUNTER);

        Actor<Long> alice = stage.start(ALICE, () -> counters.hitVersioned(counterId));
        aliceBeforeUpdate.awaitReached();  // Alice read version 0
        long bobSaw = stage.start(BOB, () -> counters.hitVersioned(counterId)).join(); // Bob wrote version 1
        aliceBeforeUpdate.release();

        assertThat(bobSaw).isEqualTo(1);
        assertThat(alice.failure())
                .isInstanceOf(OptimisticLockException.class)
                .hasMessage("Unexpected row count (expected row count 1 but was 0) "
                        + "[update VersionedCounter set hits=?,label=?,row_version=? where id=? and row_version=?] "
                        + "for entity [dev.sharedsession.model.VersionedCounter with id '" + counterId + "']")
                .hasCauseInstanceOf(StaleObjectStateException.class); // nothing retried: her failure reached her
        assertThat(db.queryForLong(VERSIONED_HITS, counterId)).isEqualTo(1);
        assertThat(db.queryForLong(VERSION, counterId)).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("eight visitors hit one counter, all about to write before any writes: each read 0 and wrote 1; eight hits, hits = 1")
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
        beforeWriting.forEach(Pause::awaitReached); // all eight have read 0 and are about to write 1
        beforeWriting.forEach(Pause::release);

        assertThat(visitors).allSatisfy(visitor -> assertThat(visitor.join()).isEqualTo(1));
        assertThat(db.queryForLong(HITS, counterId)).isEqualTo(1);
    }
}

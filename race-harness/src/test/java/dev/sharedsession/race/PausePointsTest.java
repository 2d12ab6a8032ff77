package dev.sharedsession.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Counter;
import dev.sharedsession.model.Region;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pause points stop one named thread at a precise moment inside Hibernate")
class PausePointsTest {

    /** A fresh database with pause points for each test (JUnit makes one instance per test). */
    private final Database db = PausePoints.testDatabase("pause_points");

    @AfterEach
    void closeTheDatabase() {
        db.close();
    }

    @Test
    @DisplayName("before a SQL statement: the INSERT has not run while the thread is paused, and runs once released")
    void pausesBeforeAStatement() {
        Pause beforeInsert = PausePoints.of(db).beforeStatement("Alice", "insert into Counter");
        try (Race race = Race.bounded()) {
            Actor<Object> alice = race.run("Alice",
                    () -> db.sessionFactory().inTransaction(session -> session.persist(new Counter("visits"))));

            beforeInsert.awaitReached();
            assertThat(db.countRows("Counter")).isZero();
            beforeInsert.release();

            alice.join();
        }
        assertThat(db.countRows("Counter")).isEqualTo(1);
    }

    @Test
    @DisplayName("armed for one thread: another thread running the same statement goes by without stopping")
    void pausesOnlyTheNamedThread() {
        Pause alicesInsert = PausePoints.of(db).beforeStatement("Alice", "insert into Counter");
        try (Race race = Race.bounded()) {
            Actor<Object> alice = race.run("Alice",
                    () -> db.sessionFactory().inTransaction(session -> session.persist(new Counter("alice"))));
            alicesInsert.awaitReached();

            race.run("Bob", () -> db.sessionFactory().inTransaction(session -> session.persist(new Counter("bob")))).join();
            assertThat(db.queryForStrings("select label from Counter")).containsExactly("bob");

            alicesInsert.release();
            alice.join();
        }
        assertThat(db.countRows("Counter")).isEqualTo(2);
    }

    @Test
    @DisplayName("one-shot: the second matching statement of the same thread is not paused")
    void pausesOnlyTheFirstMatch() {
        Pause firstInsert = PausePoints.of(db).beforeStatement("Alice", "insert into Counter");
        firstInsert.release(); // released in advance: the thread passes through
        try (Race race = Race.bounded()) {
            race.run("Alice", () -> db.sessionFactory().inTransaction(session -> {
                session.persist(new Counter("one"));
                session.persist(new Counter("two"));
            })).join();
        }
        assertThat(firstInsert.wasReached()).isTrue();
        assertThat(db.countRows("Counter")).isEqualTo(2);
    }

    @Test
    @DisplayName("in the pre-insert listener: paused inside the flush, before the row reaches the database")
    void pausesInPreInsert() {
        Pause preInsert = PausePoints.of(db).onEvent(Hook.PRE_INSERT, "Alice", Counter.class);
        try (Race race = Race.bounded()) {
            Actor<Object> alice = race.run("Alice",
                    () -> db.sessionFactory().inTransaction(session -> session.persist(new Counter("visits"))));
            preInsert.awaitReached();
            assertThat(db.countRows("Counter")).isZero();
            preInsert.release();
            alice.join();
        }
        assertThat(db.countRows("Counter")).isEqualTo(1);
    }

    @Test
    @DisplayName("in the pre-update listener: paused as the dirty entity is about to be updated")
    void pausesInPreUpdate() {
        long id = db.sessionFactory().fromTransaction(session -> {
            Counter counter = new Counter("visits");
            session.persist(counter);
            return counter.getId();
        });
        Pause preUpdate = PausePoints.of(db).onEvent(Hook.PRE_UPDATE, "Alice", Counter.class);
        try (Race race = Race.bounded()) {
            Actor<Object> alice = race.run("Alice",
                    () -> db.sessionFactory().inTransaction(session -> session.find(Counter.class, id).increment()));
            preUpdate.awaitReached();
            assertThat(db.queryForLong("select hits from Counter")).isZero();
            preUpdate.release();
            alice.join();
        }
        assertThat(db.queryForLong("select hits from Counter")).isEqualTo(1);
    }

    @Test
    @DisplayName("in the post-load listener: paused with the entity read, before find() returns")
    void pausesInPostLoad() {
        long id = db.sessionFactory().fromTransaction(session -> {
            Region north = new Region("North");
            session.persist(north);
            return north.getId();
        });
        Pause postLoad = PausePoints.of(db).onEvent(Hook.POST_LOAD, "Alice", Region.class);
        try (Race race = Race.bounded()) {
            Actor<String> alice = race.start("Alice",
                    () -> db.sessionFactory().fromTransaction(session -> session.find(Region.class, id).getLabel()));
            postLoad.awaitReached();
            postLoad.release();
            assertThat(alice.join()).isEqualTo("North");
        }
    }

    @Test
    @DisplayName("in the flush listener: paused as the commit's flush begins, before any INSERT")
    void pausesAtFlush() {
        Pause flush = PausePoints.of(db).onEvent(Hook.FLUSH, "Alice", Object.class);
        try (Race race = Race.bounded()) {
            Actor<Object> alice = race.run("Alice",
                    () -> db.sessionFactory().inTransaction(session -> session.persist(new Counter("visits"))));
            flush.awaitReached();
            assertThat(db.countRows("Counter")).isZero();
            flush.release();
            alice.join();
        }
        assertThat(db.countRows("Counter")).isEqualTo(1);
    }

    @Test
    @DisplayName("a pause nobody releases gives up after its timeout: the paused thread fails instead of hanging")
    void anUnreleasedPauseTimesOut() {
        try (Database quick = PausePoints.openDatabase(Database.Settings.h2InMemory("pause-timeout"), Duration.ofMillis(200))) {
            Pause beforeInsert = PausePoints.of(quick).beforeStatement("Alice", "insert into Counter");
            try (Race race = Race.bounded()) {
                Actor<Object> alice = race.run("Alice",
                        () -> quick.sessionFactory().inTransaction(session -> session.persist(new Counter("visits"))));
                beforeInsert.awaitReached();

                assertThat(alice.failure()).isInstanceOf(RaceTimeoutException.class)
                        .hasMessage("pause of 'Alice' before SQL 'insert into Counter': nobody released it within PT0.2S");
            }
            assertThat(quick.countRows("Counter")).isZero();
            assertThat(quick.activeConnections()).isZero();
        }
    }

    @Test
    @DisplayName("waiting for a pause no thread reaches is bounded: a RaceTimeoutException names the pause")
    void awaitingAPauseNobodyReachesTimesOut() {
        try (Database quick = PausePoints.openDatabase(Database.Settings.h2InMemory("pause-never"), Duration.ofMillis(200))) {
            Pause never = PausePoints.of(quick).beforeStatement("Alice", "delete from Counter");
            assertThatThrownBy(never::awaitReached)
                    .isInstanceOf(RaceTimeoutException.class)
                    .hasMessage("pause of 'Alice' before SQL 'delete from Counter': never reached within PT0.2S");
        }
    }
}

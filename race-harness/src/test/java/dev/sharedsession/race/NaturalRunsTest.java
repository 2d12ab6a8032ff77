package dev.sharedsession.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Natural runs are counted, and a bad run does not poison the next one")
class NaturalRunsTest {

    private final List<Database> opened = new ArrayList<>();

    private Database freshDatabase() {
        Database db = PausePoints.testDatabase("natural-runs");
        opened.add(db);
        return db;
    }

    @Test
    @DisplayName("every run is counted by its outcome")
    void runsAreCounted() {
        AtomicInteger run = new AtomicInteger();
        Tally tally = NaturalRuns.repeat(4, Duration.ofSeconds(10), this::freshDatabase,
                db -> run.incrementAndGet() % 2 == 0 ? Outcome.ok() : Outcome.wrong("rows lost"));

        assertThat(tally.counts()).containsEntry("ok", 2).containsEntry("rows lost", 2);
        assertThat(tally.outcomes()).containsEntry(Outcome.ok(), 2).containsEntry(Outcome.wrong("rows lost"), 2);
        assertThat(opened).hasSize(1);
    }

    @Test
    @DisplayName("a run that throws is counted by its exception")
    void aThrowingRunIsCounted() {
        Tally tally = NaturalRuns.repeat(1, Duration.ofSeconds(10), this::freshDatabase, db -> {
            throw new IllegalStateException("Session/EntityManager is closed");
        });
        assertThat(tally.counts()).containsOnlyKeys("IllegalStateException: Session/EntityManager is closed");
    }

    @Test
    @DisplayName("a run that hangs is cut off and counted as HANG, and the next run gets a fresh database")
    void aHangIsCutOff() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger run = new AtomicInteger();
        Tally tally = NaturalRuns.repeat(2, Duration.ofMillis(300), this::freshDatabase, db -> {
            if (run.incrementAndGet() == 1) {
                never.await();
            }
            return Outcome.ok();
        });
        assertThat(tally.counts()).containsEntry("HANG (the scenario never finished)", 1).containsEntry("ok", 1);
        assertThat(opened).hasSize(2);
    }

    @Test
    @DisplayName("a run that reports ok but leaves a pooled connection checked out went wrong, and spoils its database")
    void aLeakIsWrong() {
        AtomicInteger run = new AtomicInteger();
        List<Session> leaked = new ArrayList<>();
        Tally tally = NaturalRuns.repeat(2, Duration.ofSeconds(10), this::freshDatabase, db -> {
            if (run.incrementAndGet() == 1) {
                Session session = db.sessionFactory().openSession();
                session.beginTransaction();
                session.doWork(Connection::getAutoCommit); // takes a connection and never gives it back
                leaked.add(session);
            }
            return Outcome.ok();
        });
        assertThat(tally.counts()).containsEntry("left 1 pooled connection(s) checked out", 1).containsEntry("ok", 1);
        assertThat(opened).hasSize(2);
    }
}

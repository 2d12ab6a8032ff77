package dev.sharedsession.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How {@code ./lab --guard} judges a run: stopped by the guard only if the guard refused a call
 * and no row changed after it; otherwise the run's own outcome, or "a row changed". On the
 * database {@code -Ddb} chooses, so that reading every row is proven on each.
 */
@DisplayName("./lab --guard judges each run of the broken side under the guard")
class GuardWatchTest {

    private final Database db = PausePoints.openDatabase(Database.Settings.fromSystemProperties("guard_watch")
            .withHibernateSetting(SessionGuard.SETTING, "confined"));
    private final GuardWatch watch = GuardWatch.start();
    private final long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);

    @AfterEach
    void close() {
        watch.close();
        db.close();
    }

    /** Alice uses a Session the test's thread opened: refused. Returns the refusal. */
    private Throwable aliceUsesTheTestsSession() {
        try (Stage stage = new Stage(db); Session session = db.sessionFactory().openSession()) {
            return stage.start("Alice", () -> session.find(Customer.class, alice)).failure();
        }
    }

    @Test
    @DisplayName("it reads every row of every table through plain JDBC, so a change anywhere shows")
    void readsEveryRow() {
        Map<String, List<String>> rows = GuardWatch.rows(db);

        Map<String, Integer> counts = new java.util.TreeMap<>();
        rows.forEach((table, lines) -> counts.put(table.toLowerCase(Locale.ROOT), lines.size()));
        assertThat(counts).containsEntry("customer", 1).containsEntry("purchaseorder", 2).containsEntry("region", 1)
                .containsEntry("receipt", 0).containsEntry("account", 0);
        assertThat(rows.values().stream().flatMap(List::stream)).anyMatch(row -> row.contains("Alice"));
    }

    @Test
    @DisplayName("the guard refused Alice and no row changed after it: stopped, naming whom it stopped where")
    void stopped() {
        watch.begin(db);
        Throwable refused = aliceUsesTheTestsSession();

        assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class);
        assertThat(watch.judge(Outcome.failed(refused))).isEqualTo(Outcome.stopped("'Alice' in Session.find"));
        assertThat(watch.judge(Outcome.ok())).isEqualTo(Outcome.stopped("'Alice' in Session.find")); // a run that swallowed it
    }

    @Test
    @DisplayName("a row written after the guard stepped in: went wrong, whatever the run said")
    void aRowChangedAfterTheRefusal() {
        watch.begin(db);
        Throwable refused = aliceUsesTheTestsSession();
        db.sessionFactory().inTransaction(session -> session.persist(new Region("written afterwards")));

        assertThat(watch.judge(Outcome.failed(refused)))
                .isEqualTo(Outcome.wrong("a row changed after the guard stopped 'Alice' in Session.find"));
    }

    @Test
    @DisplayName("a refusal, but the run went wrong some other way too: the run's own outcome stands, after the guard's stop")
    void anotherFailureStands() {
        watch.begin(db);
        aliceUsesTheTestsSession();
        IllegalStateException closed = new IllegalStateException("Session/EntityManager is closed");

        Outcome judged = watch.judge(Outcome.failed(closed));
        assertThat(judged).isEqualTo(Outcome.wrong(
                "the guard stopped 'Alice' in Session.find, then IllegalStateException: Session/EntityManager is closed"));
        assertThat(judged.failure()).isSameAs(closed);
        assertThat(watch.judge(Outcome.wrong("money vanished")))
                .isEqualTo(Outcome.wrong("the guard stopped 'Alice' in Session.find, then money vanished"));
    }

    @Test
    @DisplayName("no refusal in the run: the guard never stepped in, and the run's own outcome stands")
    void noRefusal() {
        watch.begin(db);

        assertThat(watch.judge(Outcome.wrong("an increment was lost"))).isEqualTo(Outcome.wrong("an increment was lost"));
        assertThat(watch.judge(Outcome.ok())).isEqualTo(Outcome.ok());
    }
}

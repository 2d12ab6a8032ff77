package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.FreshDatabase;
import org.hibernate.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The claim "zero false alarms" is worth something only if the guard was watching: every test of
 * this module runs with {@code hibernate.session_guard=confined} (a system property set by this
 * module's surefire configuration; Hibernate reads system properties into the settings of every
 * factory it builds, so the very databases the scenario tests get are guarded). If someone drops
 * the property or the dependency, this test fails, not silently the proof.
 */
@ExtendWith(FreshDatabase.class)
@DisplayName("The safe side's tests run with the session guard on (CONFINED)")
class SessionGuardIsOnTest {

    @Test
    @DisplayName("a Session of the tests' database is guarded CONFINED")
    void sessionsOfTheTestDatabaseAreConfined(Database db) {
        try (Session session = db.sessionFactory().openSession()) {
            assertThat(SessionGuard.policy(session)).isEqualTo(Policy.CONFINED);
        }
    }

    @Test
    @DisplayName("...and the guard really checks: another thread's find is refused, naming both threads")
    void anotherThreadIsRefused(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        try (Session session = db.sessionFactory().openSession()) {
            Throwable refused = stage.run("bob", () -> session.find(Customer.class, alice)).failure();

            assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class)
                    .hasMessageStartingWith("Session used by thread 'bob' in Session.find, but it belongs to thread '"
                            + Thread.currentThread().getName() + "' (session guard: CONFINED)");
        }
    }
}

package dev.sharedsession.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * REPORT, the canary for production: CONFINED's rule, checked where CONFINED checks, but a call
 * CONFINED would refuse is counted and logged and then goes on, as if unguarded. Bob uses alice's
 * Session on purpose, one step after another: nothing races, so "it went on" means bob got his
 * answer and alice's own work ended exactly as without the guard.
 */
@DisplayName("REPORT: what CONFINED would refuse is counted and logged, and the call goes on")
class ReportGuardTest {

    /** The end of every REPORT message about a Session alice owns. */
    static final String REPORTED_OWNED_BY_ALICE = "' (session guard: REPORT, which lets the call go on; CONFINED would"
            + " refuse it). A Session is not thread-safe: give each unit of work its own Session"
            + " (sessionFactory.inTransaction(session -> ...)) and pass entity ids to other threads, not entities or the"
            + " Session; to hand this Session on deliberately, call SessionGuard.handOff(session, thread) on 'alice' first.";

    private final NamedThread alice = new NamedThread("alice");
    private final NamedThread bob = new NamedThread("bob");

    @AfterEach
    void stopThreads() {
        alice.close();
        bob.close();
    }

    private static long regionsLabelled(Database db, String label) {
        return db.queryForLong("select count(*) from Region where label = ?", label);
    }

    @Test
    @DisplayName("by the property: bob's three finds inside alice's transaction go through and are counted; one WARN line; alice's commit writes her row")
    void thePropertyLetsTheCallGoOnAndCountsIt() {
        try (Database db = GuardedDatabase.open("ReportGuardTest", "report"); GuardLog log = GuardLog.atWarn()) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
            Session session = alice.call(db.sessionFactory()::openSession);
            alice.run(() -> {
                session.beginTransaction();
                session.persist(new Region("Alice's"));
            });

            // The first find runs a SELECT (its load, then its statement: one call, reported once);
            // the next two find Alice in the persistence context.
            String names = bob.call(() -> {
                StringBuilder found = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    found.append(session.find(Customer.class, aliceId).getName());
                }
                return found.toString();
            });
            alice.run(() -> {
                session.getTransaction().commit(); // not rollback-only: nothing was thrown
                session.close();
            });

            assertThat(names).isEqualTo("AliceAliceAlice");
            assertThat(SessionGuard.policy(session)).isEqualTo(Policy.REPORT);
            assertThat(SessionGuard.counts(db.sessionFactory())).containsExactly(entry("Session.find", 3L));
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice"
                            + REPORTED_OWNED_BY_ALICE + " [the first Session.find refused or reported from"
                            + " dev.sharedsession.guard.ReportGuardTest.")
                    .endsWith("; any more from there are counted, not logged: SessionGuard.counts(sessionFactory)]");
            assertThat(regionsLabelled(db, "Alice's")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("by the property: bob loads a lazy collection, then begins, writes and commits a transaction of his own on alice's Session: all of it goes on, each call counted once")
    void thePropertyLetsWritesGoOnToo() {
        try (Database db = GuardedDatabase.open("ReportGuardTest_writes", "report")) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
            Session session = alice.call(db.sessionFactory()::openSession);
            Customer customer = alice.call(() -> session.find(Customer.class, aliceId));

            int orders = bob.call(() -> customer.getOrders().size());
            bob.run(() -> {
                session.beginTransaction();                  // its connection, then its begin: one call
                session.persist(new Region("Bob's"));
                session.getTransaction().commit();           // before completion, flush, INSERT, after completion
            });
            alice.run(session::close);

            assertThat(orders).isEqualTo(2);
            assertThat(regionsLabelled(db, "Bob's")).isEqualTo(1); // unguarded, as promised
            assertThat(SessionGuard.counts(db.sessionFactory())).containsExactly(
                    entry("Session.beginTransaction", 1L), entry("Session.persist", 1L),
                    entry("Transaction.commit", 1L), entry("lazy loading of Customer.orders", 1L));
        }
    }

    @Test
    @DisplayName("by the wrapper: bob's calls go on, a call no hook sees included, each counted once however many hooks it passes; alice's commit writes her row")
    void theWrapperLetsTheCallGoOnAndCountsIt() {
        try (Database db = Database.open(Database.Settings.fromSystemProperties("ReportGuardTest_wrapper"));
             GuardLog log = GuardLog.atWarn()) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
            SessionFactory guarded = SessionGuard.guard(db.sessionFactory(), Policy.REPORT);
            Session session = alice.call(guarded::openSession);
            alice.run(() -> {
                session.beginTransaction();
                session.persist(new Region("Alice's"));
            });

            boolean active = bob.call(() -> session.getTransaction().isActive());
            String names = bob.call(() -> {
                StringBuilder found = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    found.append(session.find(Customer.class, aliceId).getName()); // the first runs a SELECT
                }
                return found.toString();
            });
            alice.run(() -> {
                session.getTransaction().commit();
                session.close();
            });

            assertThat(active).isTrue();
            assertThat(names).isEqualTo("AliceAliceAlice");
            assertThat(SessionGuard.policy(session)).isEqualTo(Policy.REPORT);
            assertThat(SessionGuard.counts(guarded)).containsExactly(
                    entry("Session.find", 3L), entry("Session.getTransaction", 1L), entry("Transaction.isActive", 1L));
            assertThat(log.warnings()).hasSize(3).allSatisfy(line -> assertThat(line)
                    .contains(REPORTED_OWNED_BY_ALICE.substring(1)));
            assertThat(regionsLabelled(db, "Alice's")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("CONFINED's rule, not EXCLUSIVE's: after alice hands the Session to bob, bob is not reported and alice is")
    void theRuleIsConfined() {
        try (Database db = GuardedDatabase.open("ReportGuardTest_handoff", "report")) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
            Session session = alice.call(db.sessionFactory()::openSession);
            Thread bobThread = bob.thread();

            alice.run(() -> SessionGuard.handOff(session, bobThread));
            assertThat(bob.call(() -> session.find(Customer.class, aliceId).getName())).isEqualTo("Alice");
            assertThat(SessionGuard.counts(db.sessionFactory())).isEmpty();

            // One after the other, so EXCLUSIVE would allow it; CONFINED would not, and REPORT says so.
            assertThat(alice.call(() -> session.find(Customer.class, aliceId).getName())).isEqualTo("Alice");
            assertThat(SessionGuard.counts(db.sessionFactory())).containsExactly(entry("Session.find", 1L));
            bob.run(session::close);
        }
    }
}

package dev.sharedsession.guard;

import static dev.sharedsession.guard.ConfinedGuardTest.OWNED_BY_ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CONFINED's deliberate hand-off: visible in the code, checked like any other call. */
@DisplayName("CONFINED hand-off: handOff(session, thread), or release() and adopt()")
class HandOffTest {

    private Database db;
    private final NamedThread alice = new NamedThread("alice");
    private final NamedThread bob = new NamedThread("bob");
    private long aliceId;

    @BeforeEach
    void openDatabase() {
        db = GuardedDatabase.open("HandOffTest", "confined");
        aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
    }

    @AfterEach
    void close() {
        alice.close();
        bob.close();
        db.close();
    }

    @Test
    @DisplayName("alice hands the Session to bob: bob may use it, entities and lazy loading included; alice may not any more")
    void handOffToAKnownThread() {
        Session session = alice.call(db.sessionFactory()::openSession);
        Customer customer = alice.call(() -> session.find(Customer.class, aliceId));
        Thread bobThread = bob.thread();

        alice.run(() -> SessionGuard.handOff(session, bobThread));

        assertThat(bob.call(() -> customer.getOrders().size())).isEqualTo(2);
        bob.run(() -> session.inTransaction(tx -> session.persist(new Region("Bob's"))));
        assertThat(alice.failureOf(() -> session.find(Customer.class, aliceId)))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'alice' in Session.find, but it belongs to thread 'bob', which was"
                        + " opened by thread 'alice' (session guard: CONFINED). A Session is not thread-safe: give each"
                        + " unit of work its own Session (sessionFactory.inTransaction(session -> ...)) and pass entity"
                        + " ids to other threads, not entities or the Session; to hand this Session on deliberately,"
                        + " call SessionGuard.handOff(session, thread) on 'bob' first.");
        bob.run(session::close);
        assertThat(db.queryForLong("select count(*) from Region where label = ?", "Bob's")).isEqualTo(1);
    }

    @Test
    @DisplayName("only the owner can hand the Session off: bob cannot take it")
    void handOffByAnotherThreadIsRefused() {
        Session session = alice.call(db.sessionFactory()::openSession);
        Thread bobThread = bob.thread();

        assertThat(bob.failureOf(() -> SessionGuard.handOff(session, bobThread)))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in SessionGuard.handOff, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        alice.run(session::close);
    }

    @Test
    @DisplayName("release and adopt: for an executor, whose thread is not known in advance")
    void releaseAndAdopt() {
        Session session = alice.call(db.sessionFactory()::openSession);
        alice.run(() -> SessionGuard.release(session));

        assertThat(bob.failureOf(() -> session.find(Customer.class, aliceId)))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.find, but thread 'alice' released it with"
                        + " SessionGuard.release(session) and no thread has adopted it yet (session guard: CONFINED)."
                        + " The receiving thread calls SessionGuard.adopt(session) before using it.");
        bob.run(() -> SessionGuard.adopt(session));
        assertThat(bob.call(() -> session.find(Customer.class, aliceId).getName())).isEqualTo("Alice");
        assertThat(alice.failureOf(() -> SessionGuard.adopt(session)))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessageStartingWith("Session used by thread 'alice' in SessionGuard.adopt, but it belongs to thread 'bob'");
        bob.run(session::close);
    }

    @Test
    @DisplayName("the hand-off calls do nothing on a Session no guard watches, so they can stay in code that runs without it")
    void handOffOnAnUnguardedSessionDoesNothing() {
        try (Database plain = Database.open(Database.Settings.fromSystemProperties("HandOffTest_plain"))) {
            Session session = alice.call(plain.sessionFactory()::openSession);
            Thread bobThread = bob.thread();
            bob.run(() -> SessionGuard.handOff(session, bobThread));
            bob.run(() -> SessionGuard.release(session));
            bob.run(() -> SessionGuard.adopt(session));
            assertThat(SessionGuard.policy(session)).isEqualTo(SessionGuard.Policy.OFF);
            alice.run(session::close);
        }
    }
}

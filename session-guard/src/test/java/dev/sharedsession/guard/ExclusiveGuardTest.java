package dev.sharedsession.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import java.util.concurrent.Future;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * EXCLUSIVE through the property: any thread, one at a time. The overlap is forced: alice is
 * stopped inside her commit's flush, just before its INSERT, while bob calls.
 */
@DisplayName("EXCLUSIVE, by the property: threads may take turns, never overlap")
class ExclusiveGuardTest {

    static final String ONE_AT_A_TIME = " on it (session guard: EXCLUSIVE, one thread at a time). A Session is not"
            + " thread-safe: give each unit of work its own Session (sessionFactory.inTransaction(session -> ...)) and"
            + " pass entity ids to other threads, not entities or the Session; or let one thread finish its call"
            + " before another starts.";

    private Database db;
    private final NamedThread alice = new NamedThread("alice");
    private final NamedThread bob = new NamedThread("bob");
    private final NamedThread carol = new NamedThread("carol");
    private long aliceId;

    @BeforeEach
    void openDatabase() {
        db = GuardedDatabase.open("ExclusiveGuardTest", "exclusive");
        aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
    }

    @AfterEach
    void close() {
        PausePoints.of(db).releaseAll();
        alice.close();
        bob.close();
        carol.close();
        db.close();
    }

    private long regionsLabelled(String label) {
        return db.queryForLong("select count(*) from Region where label = ?", label);
    }

    @Test
    @DisplayName("bob persists while alice is inside her commit's flush: refused, bob's row is never written, alice's is")
    void persistDuringAnotherThreadsFlush() throws Exception {
        Session session = alice.call(db.sessionFactory()::openSession);
        Pause aliceBeforeInsert = PausePoints.of(db).beforeStatement("alice", "insert into Region");
        Future<Void> aliceCommits = alice.submit(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
            session.getTransaction().commit();
            return null;
        });
        aliceBeforeInsert.awaitReached();

        Throwable refused = bob.failureOf(() -> session.persist(new Region("Bob's")));
        aliceBeforeInsert.release();
        NamedThread.await(aliceCommits);

        assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.persist while thread 'alice' is still in flush"
                        + ONE_AT_A_TIME);
        assertThat(regionsLabelled("Bob's")).isZero();
        assertThat(regionsLabelled("Alice's")).isEqualTo(1);
        assertThat(SessionGuard.counts(db.sessionFactory())).containsExactly(entry("Session.persist", 1L));
        alice.run(session::close);
    }

    @Test
    @DisplayName("bob touches a lazy collection while alice is inside her flush: refused")
    void lazyLoadingDuringAnotherThreadsFlush() throws Exception {
        Session session = alice.call(db.sessionFactory()::openSession);
        Customer customer = alice.call(() -> session.find(Customer.class, aliceId));
        Pause aliceBeforeInsert = PausePoints.of(db).beforeStatement("alice", "insert into Region");
        Future<Void> aliceFlushes = alice.submit(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
            session.flush();
            return null;
        });
        aliceBeforeInsert.awaitReached();

        Throwable refused = bob.failureOf(() -> customer.getOrders().size());
        aliceBeforeInsert.release();
        NamedThread.await(aliceFlushes);

        assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in lazy loading of Customer.orders while thread 'alice' is"
                        + " still in flush" + ONE_AT_A_TIME);
        alice.run(() -> {
            session.getTransaction().rollback();
            session.close();
        });
    }

    @Test
    @DisplayName("one after the other on three threads: allowed, and the row is written")
    void sequentialUseFromDifferentThreads() {
        Session session = alice.call(db.sessionFactory()::openSession);
        Customer customer = alice.call(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
            return session.find(Customer.class, aliceId);
        });
        assertThat(bob.call(() -> customer.getOrders().size())).isEqualTo(2);
        bob.run(session::flush);
        carol.run(() -> {
            session.getTransaction().commit();
            session.close();
        });

        assertThat(regionsLabelled("Alice's")).isEqualTo(1);
        assertThat(db.activeConnections()).isZero();
    }
}

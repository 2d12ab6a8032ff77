package dev.sharedsession.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.SelectionQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CONFINED through the one property ({@code hibernate.session_guard=confined}), native
 * bootstrap. No race is needed: alice opens the Session, bob uses it on purpose, and the test
 * asserts the exception, its exact message, and the rows (through plain JDBC).
 */
@DisplayName("CONFINED, by the property: a Session used by a thread other than its owner fails at once")
class ConfinedGuardTest {

    /** The end of every CONFINED message about a Session alice owns. */
    static final String OWNED_BY_ALICE = "' (session guard: CONFINED). A Session is not thread-safe: give each unit of"
            + " work its own Session (sessionFactory.inTransaction(session -> ...)) and pass entity ids to other"
            + " threads, not entities or the Session; to hand this Session on deliberately, call"
            + " SessionGuard.handOff(session, thread) on 'alice' first.";

    private Database db;
    private SessionFactory sessionFactory;
    private final NamedThread alice = new NamedThread("alice");
    private final NamedThread bob = new NamedThread("bob");
    private long aliceId;

    @BeforeEach
    void openDatabase() {
        db = GuardedDatabase.open("ConfinedGuardTest", "confined");
        sessionFactory = db.sessionFactory();
        aliceId = Fixtures.customerWithOrders(sessionFactory, "Alice", "North", 2);
    }

    @AfterEach
    void close() {
        alice.close();
        bob.close();
        db.close();
    }

    private Session openedByAlice() {
        return alice.call(sessionFactory::openSession);
    }

    private long regionsLabelled(String label) {
        return db.queryForLong("select count(*) from Region where label = ?", label);
    }

    @Test
    @DisplayName("find on another thread: refused, the message names both threads, the call and what to do")
    void findOnAnotherThread() {
        Session session = openedByAlice();

        Throwable refused = bob.failureOf(() -> session.find(Customer.class, aliceId));

        assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE)
                .hasNoCause();
        var guard = (SessionSharedAcrossThreadsException) refused;
        assertThat(guard.ownerThread()).isEqualTo("alice");
        assertThat(guard.offendingThread()).isEqualTo("bob");
        assertThat(guard.call()).isEqualTo("Session.find");
        alice.run(session::close);
    }

    @Test
    @DisplayName("a refused call inside alice's transaction: Hibernate marks it rollback-only, and alice's commit says so instead of returning normally")
    void aRefusedCallMakesTheOwnersCommitFailLoudly() {
        Session session = openedByAlice();
        alice.run(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
        });
        Throwable refused = bob.failureOf(() -> session.find(Customer.class, aliceId));

        Throwable commit = alice.failureOf(() -> session.getTransaction().commit());

        assertThat(commit).isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Transaction.commit on thread 'alice' rolled back instead of committing: during this"
                        + " transaction thread 'bob' used the Session in Session.find and was refused, and Hibernate"
                        + " marks a transaction rollback-only when a call on its Session fails. Nothing of this"
                        + " transaction was written; the cause is the refused call.")
                .cause().isSameAs(refused);
        alice.run(session::close);
        assertThat(regionsLabelled("Alice's")).isZero();
    }

    @Test
    @DisplayName("a refused call outside a transaction spoils nothing: alice's next transaction commits its row")
    void aRefusedCallOutsideATransactionLeavesTheSessionUsable() {
        Session session = openedByAlice();
        assertThat(bob.failureOf(() -> session.find(Customer.class, aliceId)))
                .isInstanceOf(SessionSharedAcrossThreadsException.class);

        alice.run(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
            session.getTransaction().commit();
            session.close();
        });

        assertThat(regionsLabelled("Alice's")).isEqualTo(1);
    }

    @Test
    @DisplayName("persist on another thread: refused, and bob's row is never written")
    void persistOnAnotherThread() {
        Session session = openedByAlice();
        alice.run(session::beginTransaction);

        assertThat(bob.failureOf(() -> session.persist(new Region("Bob's"))))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.persist, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        alice.run(() -> {
            session.getTransaction().rollback();
            session.close();
        });

        assertThat(regionsLabelled("Bob's")).isZero();
    }

    @Test
    @DisplayName("a query alice created, executed by bob: refused at execution")
    void queryExecutedOnAnotherThread() {
        Session session = openedByAlice();
        SelectionQuery<Customer> customers = alice.call(() -> session.createSelectionQuery("from Customer", Customer.class));

        assertThat(bob.failureOf(customers::getResultList))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Query.getResultList, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        assertThat(alice.call(customers::getResultList)).hasSize(1);
        alice.run(session::close);
    }

    @Test
    @DisplayName("auto-flush: bob's query would flush alice's pending insert; refused before the INSERT")
    void autoFlushByAQueryOnAnotherThread() {
        Session session = openedByAlice();
        SelectionQuery<Region> regions = alice.call(() -> {
            session.beginTransaction();
            session.persist(new Region("pending"));
            return session.createSelectionQuery("from Region", Region.class);
        });

        assertThat(bob.failureOf(regions::getResultList))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Query.getResultList, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        assertThat(regionsLabelled("pending")).isZero();
        alice.run(() -> {
            session.getTransaction().rollback();
            session.close();
        });
    }

    @Test
    @DisplayName("lazy collection: bob touches the orders of a customer alice loaded; refused")
    void lazyCollectionOnAnotherThread() {
        Session session = openedByAlice();
        Customer customer = alice.call(() -> session.find(Customer.class, aliceId));

        assertThat(bob.failureOf(() -> customer.getOrders().size()))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in lazy loading of Customer.orders, but it belongs to"
                        + " thread 'alice" + OWNED_BY_ALICE);
        assertThat(alice.call(() -> customer.getOrders().size())).isEqualTo(2);
        alice.run(session::close);
    }

    @Test
    @DisplayName("lazy proxy: bob reads the region of a customer alice loaded; refused")
    void lazyProxyOnAnotherThread() {
        Session session = openedByAlice();
        Customer customer = alice.call(() -> session.find(Customer.class, aliceId));
        Object regionId = alice.call(() -> session.getIdentifier(customer.getRegion()));

        assertThat(bob.failureOf(() -> customer.getRegion().getLabel()))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in lazy loading of Region#" + regionId
                        + ", but it belongs to thread 'alice" + OWNED_BY_ALICE);
        assertThat(alice.call(() -> customer.getRegion().getLabel())).isEqualTo("North");
        alice.run(session::close);
    }

    @Test
    @DisplayName("flush on another thread: refused before the INSERT; nothing is written, and alice's commit says why")
    void flushOnAnotherThread() {
        Session session = openedByAlice();
        alice.run(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
        });

        assertThat(bob.failureOf(session::flush))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.flush, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        assertThat(regionsLabelled("Alice's")).isZero();
        assertThat(alice.failureOf(() -> session.getTransaction().commit()))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessageStartingWith("Transaction.commit on thread 'alice' rolled back instead of committing");
        alice.run(session::close);
        assertThat(regionsLabelled("Alice's")).isZero();
    }

    @Test
    @DisplayName("beginTransaction on another thread: refused (at the connection it would acquire); alice can still begin")
    void beginOnAnotherThread() {
        Session session = openedByAlice();

        assertThat(bob.failureOf(session::beginTransaction))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.beginTransaction, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        alice.run(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
            session.getTransaction().commit();
            session.close();
        });
        assertThat(regionsLabelled("Alice's")).isEqualTo(1);
    }

    @Test
    @DisplayName("commit on another thread: refused before the flush's INSERT; Hibernate rolls the transaction back, nothing is written")
    void commitOnAnotherThread() {
        Session session = openedByAlice();
        alice.run(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
        });

        assertThat(bob.failureOf(() -> session.getTransaction().commit()))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Transaction.commit, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        assertThat(alice.call(() -> session.getTransaction().isActive())).isFalse();
        alice.run(session::close);
        assertThat(regionsLabelled("Alice's")).isZero();
    }

    @Test
    @DisplayName("rollback on another thread: the property's hooks see it only after the JDBC rollback; it is reported, nothing was written")
    void rollbackOnAnotherThread() {
        Session session = openedByAlice();
        alice.run(() -> {
            session.beginTransaction();
            session.persist(new Region("Alice's"));
            session.flush();
        });

        assertThat(bob.failureOf(() -> session.getTransaction().rollback()))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Transaction.rollback, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        alice.run(session::close);
        assertThat(regionsLabelled("Alice's")).isZero();
    }

    @Test
    @DisplayName("close on another thread: refused before the connection is released; the Session stays alice's and open")
    void closeOnAnotherThread() {
        Session session = openedByAlice();
        alice.run(session::beginTransaction);

        assertThat(bob.failureOf(session::close))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.close, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        alice.run(() -> {
            assertThat(session.isOpen()).isTrue();
            session.persist(new Region("Alice's"));
            session.getTransaction().commit();
            session.close();
        });
        assertThat(regionsLabelled("Alice's")).isEqualTo(1);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("use after alice closed it: with the property alone bob gets Hibernate's own message (no hook runs after close; SessionGuard.guard names both threads)")
    void useAfterCloseByAnotherThread() {
        Session session = openedByAlice();
        alice.run(session::close);

        assertThat(bob.failureOf(() -> session.find(Customer.class, aliceId)))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("Session/EntityManager is closed");
    }

    @Test
    @DisplayName("calls that neither touch an entity nor the database are not seen by the property's hooks (SessionGuard.guard sees them)")
    void callsNoHookSees() {
        Session session = openedByAlice();
        Customer customer = alice.call(() -> session.find(Customer.class, aliceId));

        assertThat(bob.failureOf(() -> session.contains(customer))).isNull();
        alice.run(session::close);
    }

    @Test
    @DisplayName("many threads, a unit of work each (inTransaction), all at once: no false alarm")
    void noFalseAlarmsWithASessionPerUnitOfWork() throws Exception {
        int threads = 8;
        int unitsEach = 20;
        List<NamedThread> workers = new java.util.ArrayList<>();
        List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            NamedThread worker = new NamedThread("worker-" + t);
            workers.add(worker);
            int n = t;
            done.add(worker.submit(() -> {
                for (int i = 0; i < unitsEach; i++) {
                    String label = "w" + n + "-" + i;
                    sessionFactory.inTransaction(session -> {
                        Customer customer = session.find(Customer.class, aliceId);
                        customer.getOrders().size();          // lazy collection
                        customer.getRegion().getLabel();      // lazy proxy
                        session.persist(new Region(label));
                        session.createSelectionQuery("from Region where label = :l", Region.class)
                                .setParameter("l", label).getSingleResult(); // auto-flush
                        session.flush();
                    });
                }
                return unitsEach;
            }));
        }
        try {
            for (var future : done) {
                assertThat(NamedThread.await(future)).isEqualTo(unitsEach);
            }
        } finally {
            workers.forEach(NamedThread::close);
        }
        assertThat(db.countRows("Region")).isEqualTo(1 + threads * unitsEach);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("SessionGuard.policy tells a guarded Session from an unguarded one")
    void policyOfASession() {
        Session session = openedByAlice();
        assertThat(SessionGuard.policy(session)).isEqualTo(Policy.CONFINED);
        alice.run(session::close);
    }
}

package dev.sharedsession.guard;

import static dev.sharedsession.guard.ConfinedGuardTest.OWNED_BY_ALICE;
import static dev.sharedsession.guard.ExclusiveGuardTest.ONE_AT_A_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.testsupport.junit.RaceTest;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/**
 * The wrapper, {@code SessionGuard.guard(sessionFactory)}, on a factory without the property:
 * every call of the Session, its Transaction and its queries is checked, including those no
 * Hibernate hook sees.
 */
@DisplayName("SessionGuard.guard(factory): every call of the Session is checked")
class GuardedFactoryTest {

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

    @RaceTest
    @DisplayName("calls no Hibernate hook sees (setHibernateFlushMode, contains, getTransaction, createQuery) are refused too")
    void callsNoHookSees(Database db) {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        Session session = alice.call(guarded::openSession);
        Customer customer = alice.call(() -> session.find(Customer.class, aliceId));

        assertThat(bob.failureOf(() -> session.setHibernateFlushMode(FlushMode.MANUAL)))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.setHibernateFlushMode, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        assertThat(bob.failureOf(() -> session.contains(customer)))
                .hasMessageStartingWith("Session used by thread 'bob' in Session.contains, but it belongs to thread 'alice'");
        assertThat(bob.failureOf(session::getTransaction))
                .hasMessageStartingWith("Session used by thread 'bob' in Session.getTransaction, but it belongs to thread 'alice'");
        assertThat(bob.failureOf(() -> session.createSelectionQuery("from Region", Region.class)))
                .hasMessageStartingWith("Session used by thread 'bob' in Session.createSelectionQuery, but it belongs to thread 'alice'");
        alice.run(session::close);
    }

    @RaceTest
    @DisplayName("bob rolls back alice's transaction: refused before the rollback, so alice's commit still writes her row")
    void rollbackOnAnotherThreadIsRefusedBeforeItHappens(Database db) {
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        Session session = alice.call(guarded::openSession);
        Transaction transaction = alice.call(() -> {
            Transaction begun = session.beginTransaction();
            session.persist(new Region("Alice's"));
            return begun;
        });

        assertThat(bob.failureOf(transaction::rollback))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Transaction.rollback, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        assertThat(bob.failureOf(transaction::commit))
                .hasMessageStartingWith("Session used by thread 'bob' in Transaction.commit, but it belongs to thread 'alice'");
        alice.run(() -> {
            transaction.commit();
            session.close();
        });
        assertThat(regionsLabelled(db, "Alice's")).isEqualTo(1);
    }

    @RaceTest
    @DisplayName("a query alice created, executed by bob: refused at the query's own method")
    void queryExecutedOnAnotherThread(Database db) {
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        Session session = alice.call(guarded::openSession);
        var regions = alice.call(() -> session.createSelectionQuery("from Region", Region.class).setMaxResults(5));

        assertThat(bob.failureOf(regions::getResultList))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Query.getResultList, but it belongs to thread 'alice"
                        + OWNED_BY_ALICE);
        assertThat(alice.call(regions::getResultList)).isEmpty();
        alice.run(session::close);
    }

    @RaceTest
    @DisplayName("alice closed the Session, then bob uses it: the guard's message, naming both threads")
    void useAfterCloseByAnotherThread(Database db) {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        Session session = alice.call(guarded::openSession);
        alice.run(session::close);

        assertThat(bob.failureOf(() -> session.find(Customer.class, aliceId)))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.find, but thread 'alice' closed it (session guard:"
                        + " CONFINED). A Session ends with its unit of work: open a new one on this thread"
                        + " (sessionFactory.inTransaction(session -> ...)) and pass it entity ids, not entities or the"
                        + " Session.");
    }

    @RaceTest
    @DisplayName("an entity's lazy collection, touched by bob, is refused: guard() installs the hooks too")
    void lazyLoadingThroughAnEntity(Database db) {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        Session session = alice.call(guarded::openSession);
        Customer customer = alice.call(() -> session.find(Customer.class, aliceId));

        assertThat(bob.failureOf(() -> customer.getOrders().size()))
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in lazy loading of Customer.orders, but it belongs to"
                        + " thread 'alice" + OWNED_BY_ALICE);
        alice.run(session::close);
    }

    @RaceTest
    @DisplayName("every way to a Session is guarded: openSession, withOptions, createEntityManager, inSession, inTransaction, fromTransaction, runInTransaction, callInTransaction")
    void everyWayToASession(Database db) {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        List<Throwable> refusals = new ArrayList<>();
        Function<EntityManager, Void> bobFinds = session -> {
            assertThat(SessionGuard.policy(session)).isEqualTo(Policy.CONFINED);
            refusals.add(bob.failureOf(() -> session.find(Customer.class, aliceId)));
            return null;
        };
        alice.run(() -> {
            try (Session s = guarded.openSession()) {
                bobFinds.apply(s);
            }
            try (Session s = guarded.withOptions().autoClose(false).openSession()) {
                bobFinds.apply(s);
            }
            try (EntityManager em = guarded.createEntityManager()) {
                bobFinds.apply(em);
            }
            guarded.inSession(bobFinds::apply);
            guarded.inTransaction(bobFinds::apply);
            guarded.fromTransaction(bobFinds);
            guarded.runInTransaction(bobFinds::apply);
            guarded.callInTransaction(bobFinds);
        });

        assertThat(refusals).hasSize(8).allSatisfy(refused -> assertThat(refused)
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice" + OWNED_BY_ALICE));
    }

    @RaceTest
    @DisplayName("the view stays the view: unwrap and getSessionFactory return guarded objects; OFF and guarding twice")
    void viewsStayViews(Database db) {
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        alice.run(() -> {
            try (Session session = guarded.openSession()) {
                assertThat(session.unwrap(Session.class)).isSameAs(session);
                assertThat(session.getSessionFactory()).isSameAs(guarded);
            }
        });
        assertThat(SessionGuard.guard(db.sessionFactory(), Policy.OFF)).isSameAs(db.sessionFactory());
        assertThat(SessionGuard.guard(guarded, Policy.OFF)).isSameAs(db.sessionFactory());
        assertThat(guarded.unwrap(SessionFactory.class)).isSameAs(guarded);
    }

    @RaceTest
    @DisplayName("EXCLUSIVE view: bob's find while alice's query is stopped before its SELECT: refused, the view knows alice is inside")
    void exclusiveOverlapInsideAQuery(Database db) throws Exception {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory(), Policy.EXCLUSIVE);
        Session session = alice.call(guarded::openSession);
        Pause aliceBeforeSelect = PausePoints.of(db).beforeStatement("alice", "from Customer");
        Future<List<Customer>> aliceQueries = alice.submit(() ->
                session.createSelectionQuery("from Customer", Customer.class).getResultList());
        aliceBeforeSelect.awaitReached();

        Throwable refused = bob.failureOf(() -> session.find(Customer.class, aliceId));
        aliceBeforeSelect.release();

        assertThat(NamedThread.await(aliceQueries)).hasSize(1);
        assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.find while thread 'alice' is still in"
                        + " Query.getResultList" + ONE_AT_A_TIME);
        assertThat(bob.call(() -> session.find(Customer.class, aliceId).getName())).isEqualTo("Alice"); // now its turn
        bob.run(session::close);
    }

    @RaceTest
    @DisplayName("many threads, a unit of work each, through the guarded factory: no false alarm")
    void noFalseAlarms(Database db) throws Exception {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        List<NamedThread> workers = new ArrayList<>();
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            NamedThread worker = new NamedThread("worker-" + t);
            workers.add(worker);
            int n = t;
            done.add(worker.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    String label = "w" + n + "-" + i;
                    guarded.inTransaction(session -> {
                        Customer customer = session.find(Customer.class, aliceId);
                        customer.getOrders().size();
                        session.persist(new Region(label));
                        session.createSelectionQuery("from Region where label = :l", Region.class)
                                .setParameter("l", label).getSingleResult();
                    });
                }
                return 10;
            }));
        }
        try {
            for (var future : done) {
                assertThat(NamedThread.await(future)).isEqualTo(10);
            }
        } finally {
            workers.forEach(NamedThread::close);
        }
        assertThat(db.countRows("Region")).isEqualTo(1 + 40);
    }
}

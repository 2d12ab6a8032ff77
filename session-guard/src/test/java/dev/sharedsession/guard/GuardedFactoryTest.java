package dev.sharedsession.guard;

import static dev.sharedsession.guard.ConfinedGuardTest.OWNED_BY_ALICE;
import static dev.sharedsession.guard.ExclusiveGuardTest.ONE_AT_A_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException.SessionOpenedHere;
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
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.spi.SessionImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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

    // ---- issue 25: the wrapper route ------------------------------------------------------------

    @RaceTest
    @DisplayName("cancelQuery and isOpen from bob go through (Hibernate lets another thread cancel); the Session stays alice's")
    void cancelQueryAndIsOpenFromAnotherThread(Database db) {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        Session session = alice.call(guarded::openSession);

        assertThat(bob.call(session::isOpen)).isTrue();
        assertThat(bob.failureOf(session::cancelQuery)).isNull();

        assertThat(bob.failureOf(() -> session.find(Customer.class, aliceId))) // still alice's: bob adopted nothing
                .isInstanceOf(SessionSharedAcrossThreadsException.class)
                .hasMessage("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice" + OWNED_BY_ALICE);
        assertThat(alice.call(() -> session.find(Customer.class, aliceId).getName())).isEqualTo("Alice");
        alice.run(session::close);
        assertThat(bob.call(session::isOpen)).isFalse(); // after alice closed it: an answer, not a refusal
    }

    @RaceTest
    @DisplayName("EXCLUSIVE: while alice is inside her query, bob's cancelQuery and isOpen go through and take no turn")
    void cancelQueryWhileTheOwnerIsInsideAQuery(Database db) throws Exception {
        long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory(), Policy.EXCLUSIVE);
        Session session = alice.call(guarded::openSession);
        Pause aliceBeforeSelect = PausePoints.of(db).beforeStatement("alice", "from Customer");
        Future<List<Customer>> aliceQueries = alice.submit(() ->
                session.createSelectionQuery("from Customer", Customer.class).getResultList());
        aliceBeforeSelect.awaitReached();

        Throwable isOpen = bob.failureOf(() -> assertThat(session.isOpen()).isTrue());
        Throwable cancel = bob.failureOf(session::cancelQuery); // no statement was sent yet: nothing to cancel
        Throwable find = bob.failureOf(() -> session.find(Customer.class, aliceId));
        aliceBeforeSelect.release();

        assertThat(NamedThread.await(aliceQueries)).hasSize(1);
        assertThat(isOpen).isNull();
        assertThat(cancel).isNull();
        assertThat(find).isInstanceOf(SessionSharedAcrossThreadsException.class) // alice was still the one inside
                .hasMessage("Session used by thread 'bob' in Session.find while thread 'alice' is still in"
                        + " Query.getResultList" + ONE_AT_A_TIME);
        alice.run(session::close);
    }

    @RaceTest
    @DisplayName("openStatelessSession works through the guarded factory, unguarded as documented, and nothing stays open")
    void statelessSessionPassesThrough(Database db) {
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());

        alice.run(() -> {
            try (StatelessSession stateless = guarded.openStatelessSession()) {
                assertThat(GuardedViews.handlerOf(stateless)).isNull(); // the raw one: no view
                Transaction transaction = stateless.beginTransaction();
                stateless.insert(new Region("stateless"));
                transaction.commit();
            }
        });

        assertThat(regionsLabelled(db, "stateless")).isEqualTo(1);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("a Session the wrapper cannot guard is closed again before the refusal, not left open")
    void anUnguardableSessionIsClosedNotLeaked() {
        try (Database db = Database.open(Database.Settings.fromSystemProperties("GuardedFactoryTest_leak"))) {
            SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
            var statistics = db.sessionFactory().getStatistics();
            statistics.setStatisticsEnabled(true);
            FactoryGuards.forget(db.sessionFactory().unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class));

            assertThat(alice.failureOf(guarded::openSession)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no guard");

            assertThat(statistics.getSessionOpenCount()).isEqualTo(1);
            assertThat(statistics.getSessionCloseCount()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("open_site=true in the factory's settings: the wrapper records where alice opened the Session too")
    void openSiteThroughTheWrapper() {
        try (Database db = PausePoints.openDatabase(Database.Settings.fromSystemProperties("GuardedFactoryTest_site")
                .withHibernateSetting(SessionGuard.OPEN_SITE_SETTING, "true"))) { // no hibernate.session_guard: the wrapper alone
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
            SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
            Session session = alice.call(() -> guarded.openSession()); // the wrapper's open site

            Throwable refused = bob.failureOf(() -> session.find(Customer.class, aliceId));

            assertThat(refused).isInstanceOf(SessionSharedAcrossThreadsException.class)
                    .hasMessageStartingWith("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice'")
                    .hasMessageContaining(OWNED_BY_ALICE.substring(1) + " Opened at dev.sharedsession.guard.GuardedFactoryTest.")
                    .hasMessageEndingWith("(GuardedFactoryTest.java:" + lineOf("// the wrapper's open site")
                            + ") (the cause has the whole stack).")
                    .cause().isInstanceOf(SessionOpenedHere.class)
                    .hasMessage("the Session was opened here, by thread 'alice'");
            alice.run(session::close);
        }
    }

    @Test
    @DisplayName("getCurrentSession: once alice's current Session is closed, the guard holds no reference to it on her pool thread")
    void currentSessionViewIsNotKeptAfterClose() {
        try (Database db = PausePoints.openDatabase(Database.Settings.fromSystemProperties("GuardedFactoryTest_current")
                .withHibernateSetting(AvailableSettings.CURRENT_SESSION_CONTEXT_CLASS, "thread"))) {
            SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
            alice.run(() -> {
                Session bound = db.sessionFactory().getCurrentSession();
                bound.beginTransaction(); // the thread-bound Session can be wrapped only inside its transaction
                SessionImplementor real = bound.unwrap(SessionImplementor.class);
                Session view = guarded.getCurrentSession();
                assertThat(guarded.getCurrentSession()).isSameAs(view);

                view.persist(new Region("current"));
                view.getTransaction().commit(); // the thread context closes the Session after its transaction

                assertThat(real.isOpen()).isFalse();
                assertThat(GuardState.reaches(guarded, bound, real))
                        .as("the guard's state, on alice's thread, still reaches her closed Session").isFalse();
            });
            assertThat(regionsLabelled(db, "current")).isEqualTo(1);
        }
    }

    @RaceTest
    @DisplayName("getTransaction returns the same view for the same Transaction, the one beginTransaction returned")
    void sameTransactionSameView(Database db) {
        SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
        alice.run(() -> {
            try (Session session = guarded.openSession()) {
                Transaction begun = session.beginTransaction();
                assertThat(session.getTransaction()).isSameAs(begun).isSameAs(session.getTransaction());
                begun.commit();
            }
        });
    }

    /** The line of {@code marker} in this file's own source. */
    private static int lineOf(String marker) {
        try {
            var lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    "src/test/java/dev/sharedsession/guard/GuardedFactoryTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(marker) && !lines.get(i).contains("lineOf(")) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no line with " + marker);
    }
}

package dev.sharedsession.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.model.Region;
import dev.sharedsession.race.Race;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.query.SelectionQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code SessionGuard.counts(factory)}: a known sequence of refused calls, each asserted refused,
 * and then the counts, exactly, per call and per factory, on both routes. (REPORT's counts:
 * {@link ReportGuardTest}; EXCLUSIVE's: {@link ExclusiveGuardTest}.)
 */
@DisplayName("SessionGuard.counts: every refused call, counted per call, per factory, on both routes")
class RefusalCountsTest {

    private final NamedThread alice = new NamedThread("alice");
    private final NamedThread bob = new NamedThread("bob");

    @AfterEach
    void stopThreads() {
        alice.close();
        bob.close();
    }

    /** One refused call of bob's. */
    private void refusedToBob(Race.ThrowingRunnable call) {
        assertThat(bob.failureOf(call)).isInstanceOf(SessionSharedAcrossThreadsException.class);
    }

    @Test
    @DisplayName("by the property: 3 finds, 2 persists, a lazy collection, a query and a commit refused are counted as exactly that; another factory counts nothing")
    void thePropertyCountsEachRefusedCall() {
        try (Database db = GuardedDatabase.open("RefusalCountsTest", "confined");
             Database other = GuardedDatabase.open("RefusalCountsTest_other", "confined")) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
            Session session = alice.call(db.sessionFactory()::openSession);
            Customer customer = alice.call(() -> session.find(Customer.class, aliceId));
            SelectionQuery<Region> regions = alice.call(() -> session.createSelectionQuery("from Region", Region.class));

            for (int i = 0; i < 3; i++) {
                refusedToBob(() -> session.find(Customer.class, aliceId));
            }
            refusedToBob(() -> session.persist(new Region("Bob's")));
            refusedToBob(() -> session.persist(new Region("Bob's too")));
            refusedToBob(() -> customer.getOrders().size());
            refusedToBob(regions::getResultList);
            alice.run(session::beginTransaction);
            refusedToBob(() -> session.getTransaction().commit()); // refused, then rolled back: one call
            alice.run(session::close);

            assertThat(SessionGuard.counts(db.sessionFactory())).containsExactly(
                    entry("Query.getResultList", 1L), entry("Session.find", 3L), entry("Session.persist", 2L),
                    entry("Transaction.commit", 1L), entry("lazy loading of Customer.orders", 1L));
            assertThat(SessionGuard.counts(other.sessionFactory())).isEmpty();
            assertThatThrownBy(() -> SessionGuard.counts(db.sessionFactory()).put("Session.find", 0L))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    @DisplayName("by the wrapper: calls no hook sees, a find, a commit and a rollback, counted exactly; the same counts through the guarded factory and the one it wraps")
    void theWrapperCountsEachRefusedCall() {
        try (Database db = Database.open(Database.Settings.fromSystemProperties("RefusalCountsTest_wrapper"))) {
            long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
            assertThat(SessionGuard.counts(db.sessionFactory())).as("not guarded yet").isEmpty();
            SessionFactory guarded = SessionGuard.guard(db.sessionFactory());
            Session session = alice.call(guarded::openSession);
            Customer customer = alice.call(() -> session.find(Customer.class, aliceId));
            Transaction transaction = alice.call(session::beginTransaction);

            refusedToBob(() -> session.contains(customer));
            refusedToBob(() -> session.contains(customer));
            refusedToBob(transaction::commit);     // refused before Hibernate: nothing to roll back
            refusedToBob(() -> session.find(Customer.class, aliceId));
            refusedToBob(transaction::rollback);
            alice.run(() -> {
                transaction.commit();
                session.close();
            });

            assertThat(SessionGuard.counts(guarded)).containsExactly(
                    entry("Session.contains", 2L), entry("Session.find", 1L), entry("Transaction.commit", 1L),
                    entry("Transaction.rollback", 1L));
            assertThat(SessionGuard.counts(db.sessionFactory())).isEqualTo(SessionGuard.counts(guarded));
        }
    }
}

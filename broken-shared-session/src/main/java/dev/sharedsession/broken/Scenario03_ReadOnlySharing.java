package dev.sharedsession.broken;

import dev.sharedsession.model.Customer;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3, broken: "it only reads, so sharing the Session is fine".
 *
 * <p>The story. A small reporting service keeps one Session for all its pages, reasoning that
 * nothing is ever written, so nothing can go wrong. Alice (thread {@code Alice}) opens her
 * order summary: the service finds her customer and counts the orders (a lazy collection).
 * At the same moment Bob (thread {@code Bob}) opens the customer list: the service loads every
 * customer and then calls {@code clear()}, "so the shared Session does not grow".
 *
 * <p>What breaks. Reading is not a read-only operation for a Session. Every load writes into
 * the persistence context (the entity map, the collection entries, the stack of load contexts
 * of the query in progress), and every lazy collection or proxy holds a pointer back to the
 * Session that will load it. None of that is thread-safe, and {@code clear()} from one thread
 * tears it down under a load running on another. Observed on Hibernate 7.4.15:
 * <ul>
 *   <li>Bob clears while Alice is inside {@code find()}, after the row was read: Alice's load
 *       finishes by popping its load context from a stack that Bob's clear emptied:
 *       {@code java.util.NoSuchElementException} (no message), thrown from
 *       {@code LoadContexts.deregister};</li>
 *   <li>Bob clears while Alice is initializing the lazy orders: the clear detaches the
 *       collection half-way through its load, and Alice gets
 *       {@code NullPointerException: Cannot invoke "org.hibernate.engine.spi.SharedSessionContractImplementor.isTransactionInProgress()" because "this.session" is null};</li>
 *   <li>Bob clears while Alice's list query is handing its entities their post-load events:
 *       {@code org.hibernate.AssertionFailure: possible non-threadsafe access to the session}
 *       (Hibernate's own guess, and a correct one);</li>
 *   <li>Bob clears between Alice's {@code find()} and her first touch of the customer's
 *       region: the customer she holds was detached under her feet, and the lazy proxy fails:
 *       {@code LazyInitializationException: Could not initialize proxy
 *       [dev.sharedsession.model.Region#1] - no session}.</li>
 * </ul>
 * Hibernate logs the third one as {@code HHH000099: an assertion failure occurred (this may
 * indicate a bug in Hibernate, but is more likely due to unsafe use of the session)}. Left to
 * the scheduler (a natural run of {@code ./lab}), the pages also fail on the Session's one JDBC
 * connection ({@code The object is already closed}: the result set one thread was reading was
 * closed under it by the other thread's work), with {@code IllegalStateException: Illegal pop()
 * with non-matching JdbcValuesSourceProcessingState} (each thread's load popped the other's
 * state) and with other {@code NullPointerException}s deep inside the loader.
 * When the two pages do not overlap, the same code answers correctly: the bug hides until load.
 *
 * <p>The fix, in {@code safe-session-per-thread}: a Session per unit of work for reads too
 * ({@code sessionFactory.fromTransaction(...)}), or a {@code StatelessSession} for a list that
 * needs no persistence context at all.
 */
public final class Scenario03_ReadOnlySharing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario03_ReadOnlySharing.class);

    // BROKEN: one Session for every page of every user, "because it only reads".
    private final Session shared;

    public Scenario03_ReadOnlySharing(SessionFactory sessionFactory) {
        this.shared = sessionFactory.openSession();
    }

    /** Alice's page: the customer's name and how many orders they placed. */
    public String orderSummary(long customerId) {
        Customer customer = shared.find(Customer.class, customerId);   // writes into the shared persistence context
        int orders = customer.getOrders().size();                     // a lazy load through the shared Session
        log.info("{} has {} orders", customer.getName(), orders);
        return customer.getName() + ": " + orders + " orders";
    }

    /** Bob's page: every customer's name; then the shared Session is cleared "to keep it small". */
    public List<String> customerNames() {
        List<String> names = shared.createSelectionQuery("from Customer c order by c.id", Customer.class)
                .getResultList().stream().map(Customer::getName).toList();
        // BROKEN: this clear() empties the persistence context of every thread using the Session.
        shared.clear();
        log.info("listed {} customers; cleared the shared Session", names.size());
        return names;
    }

    /** A report page: each customer with the label of their region (a lazy to-one). */
    public List<String> customerRegions() {
        return shared.createSelectionQuery("from Customer c order by c.id", Customer.class)
                .getResultList().stream()
                .map(customer -> customer.getName() + " in " + customer.getRegion().getLabel())
                .toList();
    }

    /** Alice's customer card: the customer, how many receipts they have, and their region (a lazy to-one). */
    public String customerCard(long customerId) {
        Customer customer = shared.find(Customer.class, customerId);
        long receipts = shared.createSelectionQuery(
                        "select count(*) from Receipt r where r.customerId = :id", Long.class)
                .setParameter("id", customerId).getSingleResult();
        // The region proxy is loaded through the Session the customer belongs to, if it still does.
        return customer.getName() + " in " + customer.getRegion().getLabel() + ", " + receipts + " receipts";
    }

    /** A janitor's job: empty the shared Session. */
    public void clear() {
        shared.clear();
    }

    @Override
    public void close() {
        shared.close();
    }
}

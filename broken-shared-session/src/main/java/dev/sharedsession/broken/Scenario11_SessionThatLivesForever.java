package dev.sharedsession.broken;

import dev.sharedsession.model.Customer;
import dev.sharedsession.model.PurchaseOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.Session;
import org.hibernate.SessionEventListener;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 11, broken: the Session that lives forever.
 *
 * <p>The story. The order-intake service opens one Session when the application starts and
 * keeps it: request after request (threads {@code request-1}, {@code request-2}, ... taking
 * turns, so nothing here is even concurrent) loads the customer and records an order through
 * it, each in a transaction of its own that commits. At night an importer (thread
 * {@code importer}) loads a batch of orders through the same Session, flushing every hundred
 * orders "to keep memory down".
 *
 * <p>What breaks. Committing a transaction does not empty a Session. Its persistence context
 * keeps every entity it ever loaded or persisted, with a snapshot of each one's loaded state
 * for dirty checking, until the Session is cleared or closed. So memory grows with every
 * request, forever, and every flush dirty-checks <em>everything</em> the Session holds, not
 * just what this request touched: the n-th request's commit processes n + 1 entities, and a
 * flush without a {@code clear()} frees nothing, so an import's flushes process 101, 201, 301,
 * ... entities: the total work grows with the square of the batch. Measured on Hibernate 7.4.15
 * (deterministically, in counts, not in time) through {@code SessionEventListener.flushEnd}
 * and {@code PersistenceContext.getNumberOfManagedEntities()}: see the test. (It is also the
 * stale cache of scenario 7, and, shared by threads, every race of the others: left to the
 * scheduler, four request threads on it mostly fail outright, with
 * {@code TransactionManagementException: Execution of action caused managed transaction to be
 * completed}, a primary-key violation on {@code PurchaseOrder}, a
 * {@code ConcurrentModificationException} or a closed result set; the runs that survive leave
 * 41 entities behind for 40 orders.)
 *
 * <p>The fix, in {@code safe-session-per-thread}: bounded units of work, a Session per request;
 * for batch work, {@code flush()} <em>and</em> {@code clear()} every batch, or a
 * {@code StatelessSession}, which has no persistence context at all.
 */
public final class Scenario11_SessionThatLivesForever implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario11_SessionThatLivesForever.class);

    private final List<Integer> entitiesPerFlush = new CopyOnWriteArrayList<>();
    private final List<Integer> managedAtCommit = new CopyOnWriteArrayList<>();

    // BROKEN: opened at start-up, closed at shut-down, used by every request in between.
    private final Session forever;

    public Scenario11_SessionThatLivesForever(SessionFactory sessionFactory) {
        this.forever = sessionFactory.withOptions().eventListeners(new FlushCounter(entitiesPerFlush)).openSession();
    }

    /** One request: record an order for the customer. */
    public void placeOrder(long customerId, long cents) {
        forever.inTransaction(tx -> {
            Customer customer = forever.find(Customer.class, customerId);
            forever.persist(new PurchaseOrder(customer, cents));
            managedAtCommit.add(managedEntities()); // the commit's flush dirty-checks all of them
        });
    }

    /** The nightly import: {@code count} orders, flushed every {@code batchSize}, but never cleared. */
    public void importOrders(long customerId, int count, int batchSize) {
        forever.inTransaction(tx -> {
            Customer customer = forever.find(Customer.class, customerId);
            for (int i = 1; i <= count; i++) {
                forever.persist(new PurchaseOrder(customer, 100));
                if (i % batchSize == 0) {
                    forever.flush(); // BROKEN: writes the batch, frees nothing
                }
            }
            managedAtCommit.add(managedEntities());
        });
        log.info("imported {} orders; the Session now holds {} entities", count, managedEntities());
    }

    /** Entities in the Session's persistence context right now. */
    public int managedEntities() {
        return forever.unwrap(SessionImplementor.class).getPersistenceContext().getNumberOfManagedEntities();
    }

    /** How many entities each flush so far had to process (dirty-check), in order. */
    public List<Integer> entitiesPerFlush() {
        return List.copyOf(entitiesPerFlush);
    }

    /** How many entities the Session held as each unit of work was about to commit, in order. */
    public List<Integer> managedAtCommit() {
        return List.copyOf(managedAtCommit);
    }

    @Override
    public void close() {
        forever.close();
    }

    /** Hibernate tells a Session's listeners how many entities each flush processed. */
    static final class FlushCounter implements SessionEventListener {
        private static final long serialVersionUID = 1L;
        private final transient List<Integer> counts;

        FlushCounter(List<Integer> counts) {
            this.counts = counts;
        }

        @Override
        public void flushEnd(int numberOfEntities, int numberOfCollections) {
            counts.add(numberOfEntities);
        }
    }
}

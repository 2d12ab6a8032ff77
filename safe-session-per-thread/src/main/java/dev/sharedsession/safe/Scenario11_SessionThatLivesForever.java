package dev.sharedsession.safe;

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
 * Scenario 11, safe: bounded units of work.
 *
 * <p>The story is the same: request threads ({@code request-1}, {@code request-2}, ...) record
 * orders, and a nightly importer (thread {@code importer}) loads a batch of them.
 *
 * <p>The fix. A Session is a unit of work, not an application-wide object: each request opens
 * one, commits and closes it, so its persistence context holds only what that request touched
 * (the customer and the new order) and its flush dirty-checks exactly that, however long the
 * application runs. The import keeps one transaction but bounds its persistence context:
 * every hundred orders it calls {@code flush()} <em>and</em> {@code clear()}, so each flush
 * processes one batch and the memory of the written batch is released. (A
 * {@code StatelessSession}, with no persistence context at all, is the other way to write a
 * large batch.) The measuring listener only counts; it is attached with
 * {@code sessionFactory.withOptions().eventListeners(...)}.
 */
public final class Scenario11_SessionThatLivesForever {

    private static final Logger log = LoggerFactory.getLogger(Scenario11_SessionThatLivesForever.class);

    private final List<Integer> entitiesPerFlush = new CopyOnWriteArrayList<>();
    private final List<Integer> managedAtCommit = new CopyOnWriteArrayList<>();

    // SAFE: the service keeps the SessionFactory; every unit of work opens and closes its own Session.
    private final SessionFactory sessionFactory;

    public Scenario11_SessionThatLivesForever(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** A Session for one unit of work, with the flush counter attached. */
    private Session openUnitOfWork() {
        return sessionFactory.withOptions().eventListeners(new FlushCounter(entitiesPerFlush)).openSession();
    }

    /** One request: record an order for the customer, in a Session of its own. */
    public void placeOrder(long customerId, long cents) {
        try (Session session = openUnitOfWork()) {
            session.inTransaction(tx -> {
                Customer customer = session.find(Customer.class, customerId);
                session.persist(new PurchaseOrder(customer, cents));
                managedAtCommit.add(managed(session)); // only this request's entities
            });
        }
    }

    /** The nightly import: {@code count} orders, flushed and cleared every {@code batchSize}. */
    public void importOrders(long customerId, int count, int batchSize) {
        try (Session session = openUnitOfWork()) {
            session.inTransaction(tx -> {
                for (int i = 1; i <= count; i++) {
                    // A reference is enough for the foreign key; after a clear() it is simply taken again.
                    session.persist(new PurchaseOrder(session.getReference(Customer.class, customerId), 100));
                    if (i % batchSize == 0) {
                        session.flush();
                        session.clear(); // SAFE: the written batch leaves the persistence context
                    }
                }
                managedAtCommit.add(managed(session));
            });
        }
        log.info("imported {} orders in batches of {}", count, batchSize);
    }

    private static int managed(Session session) {
        return session.unwrap(SessionImplementor.class).getPersistenceContext().getNumberOfManagedEntities();
    }

    /** Entities held by the service between requests: none, there is no Session to hold them. */
    public int managedEntities() {
        return 0;
    }

    /** How many entities each flush so far had to process (dirty-check), in order. */
    public List<Integer> entitiesPerFlush() {
        return List.copyOf(entitiesPerFlush);
    }

    /** How many entities each unit of work's Session held as it was about to commit, in order. */
    public List<Integer> managedAtCommit() {
        return List.copyOf(managedAtCommit);
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

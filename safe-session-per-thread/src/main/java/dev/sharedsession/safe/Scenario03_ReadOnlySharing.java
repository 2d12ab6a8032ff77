package dev.sharedsession.safe;

import dev.sharedsession.model.Customer;
import java.util.List;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3, safe: readers get a Session each.
 *
 * <p>The story is the same: Alice (thread {@code Alice}) opens her order summary, Bob (thread
 * {@code Bob}) opens the customer list, at the same moment, through one reporting service.
 *
 * <p>The fix. Reads are units of work too. Each page opens its own Session from the shared,
 * thread-safe SessionFactory with {@code sessionFactory.fromTransaction(...)}: its own
 * persistence context, its own load contexts, its own connection, closed when the page has its
 * answer. Lazy associations are read inside that unit of work, and only plain values (a
 * string, a list of names) leave it. A list that needs no managed entities at all goes
 * through a {@code StatelessSession}: no persistence context to grow, so nothing to
 * {@code clear()}. A {@code clear()} that is still called only ever touches the caller's own
 * Session.
 */
public final class Scenario03_ReadOnlySharing {

    private static final Logger log = LoggerFactory.getLogger(Scenario03_ReadOnlySharing.class);

    // SAFE: the service keeps the SessionFactory, never a Session.
    private final SessionFactory sessionFactory;

    public Scenario03_ReadOnlySharing(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Alice's page: the customer's name and how many orders they placed. */
    public String orderSummary(long customerId) {
        return sessionFactory.fromTransaction(session -> {
            Customer customer = session.find(Customer.class, customerId);
            int orders = customer.getOrders().size();                 // loaded in this page's own Session
            log.info("{} has {} orders", customer.getName(), orders);
            return customer.getName() + ": " + orders + " orders";   // only a value leaves the unit of work
        });
    }

    /** Bob's page: every customer's name, through a StatelessSession (no persistence context to clear). */
    public List<String> customerNames() {
        List<String> names = sessionFactory.fromStatelessTransaction(session ->
                session.createSelectionQuery("from Customer c order by c.id", Customer.class)
                        .getResultList().stream().map(Customer::getName).toList());
        log.info("listed {} customers", names.size());
        return names;
    }

    /** A report page: each customer with the label of their region, fetched in the same query. */
    public List<String> customerRegions() {
        return sessionFactory.fromTransaction(session ->
                session.createSelectionQuery("from Customer c join fetch c.region order by c.id", Customer.class)
                        .getResultList().stream()
                        .map(customer -> customer.getName() + " in " + customer.getRegion().getLabel())
                        .toList());
    }

    /** Alice's customer card: the customer, how many receipts they have, and their region. */
    public String customerCard(long customerId) {
        return sessionFactory.fromTransaction(session -> {
            Customer customer = session.find(Customer.class, customerId);
            long receipts = session.createSelectionQuery(
                            "select count(*) from Receipt r where r.customerId = :id", Long.class)
                    .setParameter("id", customerId).getSingleResult();
            // The proxy belongs to this page's own Session, which nobody else can clear.
            return customer.getName() + " in " + customer.getRegion().getLabel() + ", " + receipts + " receipts";
        });
    }

    /** The janitor's job has nothing left to do: no Session outlives its page. */
    public void clear() {
        // SAFE: there is no shared persistence context to empty.
    }
}

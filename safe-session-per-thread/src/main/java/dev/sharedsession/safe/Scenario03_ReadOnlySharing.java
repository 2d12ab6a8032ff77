package dev.sharedsession.safe;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Customer;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.Race;
import java.util.ArrayList;
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
public final class Scenario03_ReadOnlySharing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario03_ReadOnlySharing.class);

    /** Readers of the natural run (Alice and more) beside Bob, unless told otherwise. */
    public static final int DEFAULT_THREADS = 1;

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

    @Override
    public void close() {
        // Nothing to close: every page closed its own Session.
    }

    /** One natural run with {@value #DEFAULT_THREADS} reader (Alice) beside Bob: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: {@code threads} readers ({@code Alice}, {@code reader-2}
     * ...) open Alice's summary ten times each while Bob opens the customer list ten times. Goes
     * wrong if any page fails or shows something other than the database holds.
     */
    public static Outcome runNaturally(Database db, int threads) {
        NaturalRuns.requireThreads(threads);
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        List<String> everyone = db.queryForStrings("select full_name from Customer order by id"); // earlier runs' too
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            List<Actor<String>> pages = new ArrayList<>();
            for (int r = 1; r <= threads; r++) {
                String reader = r == 1 ? "Alice" : "reader-" + r;
                pages.add(race.start(reader, () -> {
                    for (int i = 0; i < 10; i++) {
                        String summary = reports.orderSummary(alice);
                        if (!summary.equals("Alice: 3 orders")) {
                            return reader + " saw '" + summary + "'";
                        }
                    }
                    return null;
                }));
            }
            pages.add(race.start("Bob", () -> {
                for (int i = 0; i < 10; i++) {
                    List<String> names = reports.customerNames();
                    if (!names.equals(everyone)) {
                        return "Bob saw " + names.size() + " names for " + everyone.size() + " customers";
                    }
                    reports.orderSummary(bob);
                }
                return null;
            }));
            return judge(pages);
        }
    }

    /**
     * The headline, forced: Bob lists the customers (and would clear, if there were anything shared) while Alice's {@code find()} has
     * read her row but not finished loading it. Each page has its own Session: ok.
     */
    public static Outcome runForced(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        List<String> everyone = db.queryForStrings("select full_name from Customer order by id");
        Pause aliceAfterReadingHerRow = PausePoints.of(db).onEvent(Hook.POST_LOAD, "Alice", Customer.class);
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = race.start("Alice", () -> {
                String summary = reports.orderSummary(alice);
                return summary.equals("Alice: 3 orders") ? null : "Alice saw '" + summary + "'";
            });
            aliceAfterReadingHerRow.awaitReached();      // inside find(): the row is read, the load not finished
            Actor<String> bobsPage = race.start("Bob", () -> {
                List<String> names = reports.customerNames(); // lists, then clears
                return names.equals(everyone) ? null : "Bob saw " + names.size() + " names for " + everyone.size() + " customers";
            });
            bobsPage.outcome();                          // waits (bounded) for Bob's page to end
            aliceAfterReadingHerRow.release();
            return judge(List.of(alicesPage, bobsPage));
        } finally {
            aliceAfterReadingHerRow.release();
        }
    }

    /** The first page that failed or showed something wrong (each page returns null when right). */
    private static Outcome judge(List<Actor<String>> pages) {
        for (Actor<String> page : pages) {
            Outcome outcome = page.outcome();
            if (outcome.wentWrong()) {
                return outcome;
            }
            if (page.join() != null) {
                return Outcome.wrong(page.join());
            }
        }
        return Outcome.ok();
    }
}

package dev.sharedsession.broken;

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
 *       [dev.sharedsession.common.model.Region#1] - no session}.</li>
 * </ul>
 * Hibernate logs the third one as {@code HHH000099: an assertion failure occurred (this may
 * indicate a bug in Hibernate, but is more likely due to unsafe use of the session)}. Left to
 * the scheduler (see {@link #runNaturally}), the pages also fail on the Session's one JDBC
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

    /** Readers of the natural run (Alice and more) beside Bob, unless told otherwise. */
    public static final int DEFAULT_THREADS = 1;

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
     * The headline, forced: Bob lists the customers (and clears the shared Session) while Alice's {@code find()} has
     * read her row but not finished loading it. The clear empties the load
     * contexts under her: her load ends in a bare {@code NoSuchElementException}.
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

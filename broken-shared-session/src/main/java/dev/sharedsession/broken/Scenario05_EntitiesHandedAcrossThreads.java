package dev.sharedsession.broken;

import dev.sharedsession.model.Account;
import dev.sharedsession.model.Customer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.LockMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 5, broken: entities handed across threads.
 *
 * <p>The story. A request (thread {@code request}) loads an entity in its Session and hands
 * the <em>entity itself</em> to a background task (thread {@code background-worker}): a
 * customer whose orders the task counts for a report, a customer reference it greets by
 * name, an account it credits with a bonus. Scenario 4 shows the plainest failure (a lazy
 * association touched after the request's Session closed). This one goes further.
 *
 * <p>What breaks. An entity is not a value: it belongs to the persistence context of the
 * Session that loaded it. Its lazy collections and proxies keep a pointer to that Session, and
 * only that Session tracks its changes. Observed on Hibernate 7.4.15:
 * <ul>
 *   <li>While the request's Session is still open, the task's lazy load quietly runs
 *       <em>through the request's Session</em>, on the request's JDBC connection, from the
 *       wrong thread. It works, until the request closes its Session in the middle of that
 *       load: {@code NullPointerException: Cannot invoke
 *       "org.hibernate.engine.spi.SharedSessionContractImplementor.isTransactionInProgress()"
 *       because "this.session" is null}.</li>
 *   <li>A proxy from {@code getReference()} answers {@code getId()} but nothing else:
 *       {@code LazyInitializationException: Could not initialize proxy
 *       [dev.sharedsession.model.Customer#1] - no session}.</li>
 *   <li>Re-attaching the handed entity to the task's own Session the Hibernate 5 way,
 *       {@code lock(entity, LockMode.NONE)}, no longer re-attaches anything: Hibernate 7 throws
 *       {@code IllegalArgumentException: org.hibernate.DetachedObjectException: Given entity is
 *       not associated with the persistence context}. The same when the task's Session already
 *       holds that row, so the classic {@code NonUniqueObjectException} does not appear on 7.4.</li>
 *   <li>{@code persist(entity)} to "make it managed":
 *       {@code jakarta.persistence.EntityExistsException: Detached entity passed to persist:
 *       dev.sharedsession.model.Account}.</li>
 *   <li>The silent one: the task loads the same row into its own Session (a second object for
 *       one row) and goes on changing the handed object. Its Session tracks only its own copy,
 *       so the commit writes nothing; the task reports the new balance and the bonus is
 *       lost.</li>
 * </ul>
 * Left to the scheduler (a natural run of {@code ./lab}), the report fails with scenario 4's
 * {@code LazyInitializationException}, with the {@code NullPointerException} above, or with
 * {@code IllegalStateException: Illegal pop() with non-matching JdbcValuesSourceProcessingState}
 * when the task's lazy load and the request's own load run through the one Session at once.
 *
 * <p>The fix, in {@code safe-session-per-thread}: hand over ids; let the task load what it
 * needs in its own Session (fetch join, or a plain value built before the handover), and if a
 * detached object really must come back, {@code merge} it and keep working on the instance
 * {@code merge} returns.
 */
public final class Scenario05_EntitiesHandedAcrossThreads {

    private static final Logger log = LoggerFactory.getLogger(Scenario05_EntitiesHandedAcrossThreads.class);

    /** How the task tries to bring the handed account into its own Session. */
    public enum Attach { LOCK, PERSIST, FIND_AGAIN }

    private final SessionFactory sessionFactory;
    private final Executor background;

    public Scenario05_EntitiesHandedAcrossThreads(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /** The request hands the customer to a report task, then renders the customer's region. */
    public CompletableFuture<String> orderReport(long customerId) {
        try (Session session = sessionFactory.openSession()) {
            Customer customer = session.find(Customer.class, customerId);
            // BROKEN: the entity crosses the thread boundary; its lazy orders are still bound to this Session.
            CompletableFuture<String> report = CompletableFuture.supplyAsync(() -> countOrders(customer), background);
            String region = customer.getRegion().getLabel(); // rendering the page goes on, on this Session
            log.info("rendered {} in {}; closing the Session", customer.getName(), region);
            return report;
        }
    }

    /** The report task: counts the handed customer's orders (a lazy load through somebody else's Session). */
    private static String countOrders(Customer customer) {
        return customer.getName() + ": " + customer.getOrders().size() + " orders";
    }

    /** The request only needs a reference to the customer, and hands that reference to a greeting task. */
    public CompletableFuture<String> greeting(long customerId) {
        try (Session session = sessionFactory.openSession()) {
            // getReference() hits no database: a proxy, to be initialized later by this Session.
            Customer customer = session.getReference(Customer.class, customerId);
            // BROKEN: the proxy is handed over; this Session is closed before the task reads it.
            return CompletableFuture.supplyAsync(() -> "Dear " + customer.getName() + " (#" + customer.getId() + ")", background);
        }
    }

    /**
     * The request loads the account to show its balance and hands the account to a task that
     * credits a bonus in a transaction of its own. Returns the balance the task reports.
     */
    public CompletableFuture<Long> creditBonus(long accountId, long cents, Attach how) {
        try (Session session = sessionFactory.openSession()) {
            Account account = session.find(Account.class, accountId);
            log.info("{} has {} cents; handing the account to the background", account.getOwner(), account.getBalanceCents());
            // BROKEN: the entity is handed over, not its id.
            return CompletableFuture.supplyAsync(() -> credit(account, cents, how), background);
        }
    }

    /** The task: "attaches" the handed account to its own Session, credits it, commits. */
    private long credit(Account handed, long cents, Attach how) {
        return sessionFactory.fromTransaction(session -> {
            switch (how) {
                case LOCK -> session.lock(handed, LockMode.NONE);   // the old re-attach idiom: gone in Hibernate 7
                case PERSIST -> session.persist(handed);            // persist is for new objects, not detached ones
                case FIND_AGAIN -> session.find(Account.class, handed.getId()); // a second object for the same row
            }
            handed.deposit(cents); // BROKEN: no Session watches this object, so no UPDATE will ever be written
            log.info("credited {} cents: {} has {} cents", cents, handed.getOwner(), handed.getBalanceCents());
            return handed.getBalanceCents();
        });
    }
}

package dev.sharedsession.safe;

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
 * Scenario 5, safe: ids cross the thread boundary, entities stay home.
 *
 * <p>The story is the same: a request (thread {@code request}) loads a customer or an account
 * and hands work about it to a background task (thread {@code background-worker}): count the
 * customer's orders, greet the customer, credit the account with a bonus.
 *
 * <p>The fix. The request hands over the <em>id</em>. The task opens its own Session from the
 * shared SessionFactory ({@code fromTransaction}) and loads what it needs there: the orders
 * with a {@code join fetch} in the same query, the customer with {@code find}, the account
 * with the row lock it wanted ({@code find(..., LockMode.PESSIMISTIC_WRITE)}) or plainly. The
 * object it changes is the one its own Session returned, so its own commit writes it. When the
 * request closes its Session no longer matters to the task.
 *
 * <p>When a detached object has to come back into a Session because it carries edits (a form
 * posted back), {@code session.merge(detached)} is the way: it copies the detached state onto
 * the Session's own instance and returns that instance, the only one to keep working on. It
 * copies every field, so it is not the way to apply a delta like a bonus: load by id for that.
 */
public final class Scenario05_EntitiesHandedAcrossThreads {

    private static final Logger log = LoggerFactory.getLogger(Scenario05_EntitiesHandedAcrossThreads.class);

    /** What the task means to do with the account: lock its row, make it managed, or simply load it. */
    public enum Attach { LOCK, PERSIST, FIND_AGAIN }

    private final SessionFactory sessionFactory;
    private final Executor background;

    public Scenario05_EntitiesHandedAcrossThreads(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /** The request hands the customer's id to a report task, then renders the customer's region. */
    public CompletableFuture<String> orderReport(long customerId) {
        try (Session session = sessionFactory.openSession()) {
            Customer customer = session.find(Customer.class, customerId);
            // SAFE: only the id crosses the thread boundary.
            CompletableFuture<String> report = CompletableFuture.supplyAsync(() -> countOrders(customerId), background);
            String region = customer.getRegion().getLabel();
            log.info("rendered {} in {}; closing the Session", customer.getName(), region);
            return report;
        }
    }

    /** The report task: loads the customer with its orders, in one query, in its own Session. */
    private String countOrders(long customerId) {
        return sessionFactory.fromTransaction(session -> {
            Customer customer = session.createSelectionQuery(
                            "from Customer c left join fetch c.orders where c.id = :id", Customer.class)
                    .setParameter("id", customerId).getSingleResult();
            return customer.getName() + ": " + customer.getOrders().size() + " orders";
        });
    }

    /** The request hands the customer's id to a greeting task. */
    public CompletableFuture<String> greeting(long customerId) {
        // SAFE: no proxy travels; the task loads the customer itself.
        return CompletableFuture.supplyAsync(() -> sessionFactory.fromTransaction(session -> {
            Customer customer = session.find(Customer.class, customerId);
            return "Dear " + customer.getName() + " (#" + customer.getId() + ")";
        }), background);
    }

    /**
     * The request loads the account to show its balance and hands its id to a task that credits
     * a bonus in a transaction of its own. Returns the balance the task committed.
     */
    public CompletableFuture<Long> creditBonus(long accountId, long cents, Attach how) {
        try (Session session = sessionFactory.openSession()) {
            Account account = session.find(Account.class, accountId);
            log.info("{} has {} cents; handing the account's id to the background", account.getOwner(), account.getBalanceCents());
            // SAFE: the id is handed over, not the entity.
            return CompletableFuture.supplyAsync(() -> credit(accountId, cents, how), background);
        }
    }

    /** The task: loads the account in its own Session and credits that instance. */
    private long credit(long accountId, long cents, Attach how) {
        return sessionFactory.fromTransaction(session -> {
            Account account = switch (how) {
                // The row lock the task wanted, taken by its own Session: concurrent bonuses queue up.
                case LOCK -> session.find(Account.class, accountId, LockMode.PESSIMISTIC_WRITE);
                // "Managed" means: the instance this Session returns.
                case PERSIST, FIND_AGAIN -> session.find(Account.class, accountId);
            };
            account.deposit(cents); // this Session tracks this object: the commit writes the UPDATE
            log.info("credited {} cents: {} has {} cents", cents, account.getOwner(), account.getBalanceCents());
            return account.getBalanceCents();
        });
    }
}

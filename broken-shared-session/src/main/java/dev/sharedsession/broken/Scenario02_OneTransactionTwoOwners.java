package dev.sharedsession.broken;

import dev.sharedsession.model.Account;
import dev.sharedsession.model.Bank;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 2, broken: one transaction, two owners.
 *
 * <p>The story. A small bank. {@code Alice} pays {@code Carol}: a transfer in two steps,
 * withdraw from Alice's account, then look up Carol's account and deposit, then commit.
 * Meanwhile, on another thread, {@code Bob} opens an account: begin, persist, commit (an
 * account may not open with a negative balance: then his unit of work rolls back). Both go
 * through one shared Session.
 *
 * <p>What breaks. A Session has exactly one JDBC connection and exactly one transaction, and
 * it does not know which thread "owns" it. On Hibernate 7.4.15:
 * <ul>
 *   <li>Bob's {@code session.beginTransaction()} while Alice's transaction is active neither
 *       fails nor begins anything: it returns Alice's transaction, still active. (Only
 *       {@code session.getTransaction().begin()} says so:
 *       {@code IllegalStateException: Resource-local transaction already active}.)</li>
 *   <li>Bob's commit commits <em>the</em> transaction: Alice's half-done transfer is
 *       published. Her withdrawal (already flushed by the query of step 2) is committed, her
 *       deposit is not. Alice's own commit then fails with
 *       {@code IllegalStateException: Transaction not successfully started}, which reads as
 *       "nothing happened" while 100 cents have left her account and reached nobody. Bob saw
 *       no exception at all.</li>
 *   <li>Bob's rollback rolls back <em>the</em> transaction: Alice's flushed withdrawal is
 *       discarded under her, and 7.4 also clears the whole persistence context. If it lands
 *       while her UPDATE is on its way, that UPDATE runs after the rollback, on a connection
 *       outside any transaction, so it is saved at once, and her transfer fails with
 *       {@code org.hibernate.AssertionFailure: possible non thread safe access to session}:
 *       again the money left and never arrived.</li>
 *   <li>If Bob's rollback lands while Alice is about to flush her commit, her pending INSERT
 *       is wiped and her {@code commit()} <b>returns normally having committed nothing</b>.</li>
 *   <li>nothing forced (4 payers, 5 transfers each, Bob
 *       opening accounts), practically every run went wrong: money vanished or appeared, the
 *       bank's balance disagreed with the transfers that had returned normally, pooled
 *       connections stayed checked out after the close, and some runs hung.</li>
 * </ul>
 *
 * <p>The fix, in {@code safe-session-per-thread}: each thread its own Session and its own
 * transaction ({@code sessionFactory.inTransaction(...)}), so the transfer's two steps commit
 * or roll back together and nobody else's commit or rollback can reach them.
 */
public final class Scenario02_OneTransactionTwoOwners implements Bank, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario02_OneTransactionTwoOwners.class);

    // BROKEN: one Session for every payment and every new account, whichever thread asks.
    final Session session; // package-private: a test shows what a second begin on it does

    public Scenario02_OneTransactionTwoOwners(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
    }

    /** Moves {@code cents} from the account {@code fromId} to the account of {@code payee}: two steps, one unit of work. */
    public void transfer(long fromId, String payee, long cents) {
        // BROKEN: if another thread's transaction is active, this "begins" by joining it.
        Transaction tx = session.beginTransaction();
        try {
            Account from = session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE); // select ... for update
            from.withdraw(cents);                                      // step 1
            Account to = session.createSelectionQuery("from Account where owner = :owner", Account.class)
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE) // concurrent payments to one payee queue up, none overwrites another
                    .getSingleResult(); // the query auto-flushes step 1: the UPDATE runs inside the shared transaction
            to.deposit(cents);                                         // step 2
            log.info("moved {} cents to {}; committing", cents, payee);
            tx.commit();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        }
    }

    /** Opens an account and returns its id; a negative opening balance rolls the unit of work back. */
    public long openAccount(String owner, long openingCents) {
        Transaction tx = session.beginTransaction();
        try {
            if (openingCents < 0) {
                throw new IllegalArgumentException("an account cannot open with a negative balance");
            }
            Account account = new Account(owner, openingCents);
            session.persist(account);
            log.info("account of {} persisted; committing", owner);
            tx.commit();   // commits whatever the shared transaction holds, whoever put it there
            return account.getId();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback(); // rolls back whatever the shared transaction holds
            }
            throw e;
        }
    }

    /** When the bank shuts down: closes the shared Session, giving back the one connection it remembers. */
    @Override
    public void close() {
        session.close();
    }
}

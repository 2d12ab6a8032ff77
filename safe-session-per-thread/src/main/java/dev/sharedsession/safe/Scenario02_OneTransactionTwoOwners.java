package dev.sharedsession.safe;

import dev.sharedsession.model.Account;
import dev.sharedsession.model.Bank;
import jakarta.persistence.LockModeType;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 2, safe: one transaction, one owner.
 *
 * <p>The story is the same: {@code Alice} pays {@code Carol} in two steps (withdraw, look up
 * Carol's account, deposit, commit) while {@code Bob}, on another thread, opens an account
 * (rolled back if its opening balance is negative).
 *
 * <p>The fix. Each thread opens its own Session from the shared SessionFactory with
 * {@code sessionFactory.inTransaction(...)} / {@code fromTransaction(...)}: its own
 * connection, and on it its own transaction. Bob's {@code beginTransaction()} begins Bob's
 * transaction; his commit commits only his account, his rollback discards only his account.
 * Alice's withdrawal, flushed by the query of step 2, is visible to nobody until her commit,
 * and her two steps commit together or, if anything fails, roll back together: the transfer
 * is atomic again. {@code inTransaction} also rolls back and closes on failure, so no
 * transaction or connection is left behind. (Both sides lock the two rows they change,
 * {@code select ... for update}: with truly separate transactions, concurrent payments to one
 * payee would otherwise overwrite each other's balance. That is the database's concurrency
 * control doing its job, which a shared Session had quietly switched off.)
 */
public final class Scenario02_OneTransactionTwoOwners implements Bank {

    private static final Logger log = LoggerFactory.getLogger(Scenario02_OneTransactionTwoOwners.class);

    // SAFE: the bank keeps the SessionFactory, never a Session.
    private final SessionFactory sessionFactory;

    public Scenario02_OneTransactionTwoOwners(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Moves {@code cents} from the account {@code fromId} to the account of {@code payee}: two steps, one unit of work. */
    public void transfer(long fromId, String payee, long cents) {
        // SAFE: Alice's own Session and transaction; both steps commit together or not at all.
        sessionFactory.inTransaction(session -> {
            Account from = session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE); // select ... for update
            from.withdraw(cents);                                      // step 1
            Account to = session.createSelectionQuery("from Account where owner = :owner", Account.class)
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE) // concurrent payments to one payee queue up, none overwrites another
                    .getSingleResult(); // the query auto-flushes step 1, inside Alice's own transaction
            to.deposit(cents);                                         // step 2
            log.info("moved {} cents to {}; committing", cents, payee);
        });
    }

    /** Opens an account and returns its id; a negative opening balance rolls the unit of work back. */
    public long openAccount(String owner, long openingCents) {
        return sessionFactory.fromTransaction(session -> {
            if (openingCents < 0) {
                throw new IllegalArgumentException("an account cannot open with a negative balance");
            }
            Account account = new Account(owner, openingCents);
            session.persist(account);
            log.info("account of {} persisted; committing", owner);
            return account.getId(); // commits only this account; a failure rolls back only this account
        });
    }
}

package dev.sharedsession.workshop.exercise02;

import dev.sharedsession.model.Account;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * Exercise 2, starting point: a small bank whose requests run on many threads.
 *
 * <p>YOUR TASK: Alice pays Carol 100 cents, a transfer in two steps (withdraw from Alice, then
 * look up Carol's account and deposit), while Bob opens an account on another thread. Make
 * every transfer whole, whatever Bob does meanwhile. The check forces four interleavings, each
 * with Alice and Carol at 1000 cents:
 * <ol>
 *   <li>Alice is stopped between her two steps (her withdrawal already written by the payee
 *       lookup's auto-flush); Bob opens an account with 500 cents; then Alice goes on. Both must
 *       return normally: Alice 900, Bob 500, Carol 1100;</li>
 *   <li>the same, but Bob's account is refused (a negative opening balance): Bob must hear why,
 *       Alice's transfer must complete: Alice 900, Carol 1100;</li>
 *   <li>Alice is stopped while her withdrawal's UPDATE is on its way (inside that auto-flush);
 *       Bob's refused account as in 2; then Alice goes on: Alice 900, Carol 1100;</li>
 *   <li>as in 1, but Alice pays Dan, who has no account: her transfer must fail and move
 *       nothing: Alice 1000, Bob 500, Carol 1000.</li>
 * </ol>
 * After each, no pooled connection may be left checked out once the bank is closed. The check
 * runs under the session guard: a Session used by a thread other than the one that opened it
 * fails it at once. Change
 * only this file. Check with {@code ./exercise check 2}; page:
 * docs/workshop/exercise-02-one-transaction-two-owners.md.
 */
public final class SmallBank implements BankDesk {

    // One Session for the bank, opened when the bank starts: every request goes through it.
    private final Session session;

    public SmallBank(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
    }

    @Override
    public void transfer(long fromId, String payee, long cents) {
        Transaction tx = session.beginTransaction();
        try {
            Account from = session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE);
            from.withdraw(cents);                                                // step 1
            Account to = session.createSelectionQuery("from Account where owner = :owner", Account.class)
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getSingleResult();                                          // auto-flushes step 1
            to.deposit(cents);                                                   // step 2
            tx.commit();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        }
    }

    @Override
    public long openAccount(String owner, long openingCents) {
        Transaction tx = session.beginTransaction();
        try {
            if (openingCents < 0) {
                throw new IllegalArgumentException("an account cannot open with a negative balance");
            }
            Account account = new Account(owner, openingCents);
            session.persist(account);
            tx.commit();
            return account.getId();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}

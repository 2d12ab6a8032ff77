package dev.sharedsession.workshop.exercise02.wrongfix;

import dev.sharedsession.model.Account;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise02.BankDesk;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * Wrong: the bank's one Session kept, every call on it made to take turns, and cleared before
 * each. The calls no longer overlap, but the Session is still used by every request thread:
 * its persistence context, connection and transaction belong to whoever called last.
 */
@WrongFix(is = "the bank's one Session behind a lock, cleared before each call",
        caughtBy = "bobOpensAnAccountBetweenAlicesTwoSteps",
        fails = "Session used by thread 'Alice' in Session.clear, but it belongs to thread 'main' (session guard: CONFINED)")
public final class LockedSharedSession implements BankDesk {

    private final Session session;

    public LockedSharedSession(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
    }

    @Override
    public synchronized void transfer(long fromId, String payee, long cents) {
        session.clear();
        Transaction tx = session.beginTransaction();
        try {
            Account from = session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE);
            from.withdraw(cents);
            Account to = session.createSelectionQuery("from Account where owner = :owner", Account.class)
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getSingleResult();
            to.deposit(cents);
            tx.commit();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        }
    }

    @Override
    public synchronized long openAccount(String owner, long openingCents) {
        session.clear();
        if (openingCents < 0) {
            throw new IllegalArgumentException("an account cannot open with a negative balance");
        }
        Account account = new Account(owner, openingCents);
        session.inTransaction(tx -> session.persist(account));
        return account.getId();
    }

    @Override
    public synchronized void close() {
        session.close();
    }
}

package dev.sharedsession.workshop.exercise02.wrongfix;

import dev.sharedsession.model.Account;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise02.BankDesk;
import jakarta.persistence.LockModeType;
import org.hibernate.SessionFactory;

/**
 * Wrong: a Session per request now, but the transfer's two steps each in a unit of work of its
 * own ("shorter transactions"). Nothing is shared; the withdrawal commits before the deposit is
 * tried, so a transfer whose second step fails keeps the money of the first.
 */
@WrongFix(is = "a Session per request, but the transfer's two steps in transactions of their own",
        caughtBy = "aFailedTransferMovesNothing",
        fails = "[the balances in the database after Alice's failed transfer]")
public final class StepsInTransactionsOfTheirOwn implements BankDesk {

    private final SessionFactory sessionFactory;

    public StepsInTransactionsOfTheirOwn(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public void transfer(long fromId, String payee, long cents) {
        sessionFactory.inTransaction(session -> session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE).withdraw(cents));
        sessionFactory.inTransaction(session -> session.createSelectionQuery("from Account where owner = :owner", Account.class)
                .setParameter("owner", payee)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getSingleResult()
                .deposit(cents));
    }

    @Override
    public long openAccount(String owner, long openingCents) {
        if (openingCents < 0) {
            throw new IllegalArgumentException("an account cannot open with a negative balance");
        }
        Account account = new Account(owner, openingCents);
        sessionFactory.inTransaction(session -> session.persist(account));
        return account.getId();
    }

    @Override
    public void close() {
        // no Session outlives its unit of work
    }
}

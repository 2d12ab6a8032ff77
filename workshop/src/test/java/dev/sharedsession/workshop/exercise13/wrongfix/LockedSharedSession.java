package dev.sharedsession.workshop.exercise13.wrongfix;

import dev.sharedsession.model.Account;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise13.Desk;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: the desk's one Session kept, but each request in a transaction of its own, locked, and
 * the Session cleared after a failure. No request joins another's transaction any more; every
 * request thread still uses the one Session.
 */
@WrongFix(is = "the desk's one Session behind a lock, a transaction per request, cleared after a failure",
        caughtBy = "bobsFailureIsHisAlone",
        fails = "Session used by thread 'Alice' in Session.clear, but it belongs to thread 'main' (session guard: CONFINED)")
public final class LockedSharedSession implements Desk {

    private final Session session;

    public LockedSharedSession(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
    }

    @Override
    public synchronized long openAccount(String owner, long openingCents) {
        try {
            return session.fromTransaction(tx -> {
                Account account = new Account(owner, openingCents);
                session.persist(account);
                return account.getId();
            });
        } catch (RuntimeException e) {
            session.clear();
            throw e;
        }
    }

    @Override
    public synchronized long balanceOf(long accountId) {
        Account account = session.find(Account.class, accountId);
        if (account == null) {
            throw new IllegalArgumentException("no account " + accountId);
        }
        return account.getBalanceCents();
    }

    @Override
    public void commitBatch() {
        // every request committed its own
    }

    @Override
    public synchronized void close() {
        session.close();
    }
}

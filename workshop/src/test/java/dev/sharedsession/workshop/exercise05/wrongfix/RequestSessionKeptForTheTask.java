package dev.sharedsession.workshop.exercise05.wrongfix;

import dev.sharedsession.model.Account;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise05.Bonus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: the account stays attached by keeping the request's Session open for the task, which
 * credits the bonus in that Session and closes it. The entity is managed again, by a Session
 * that belongs to the request's thread.
 */
@WrongFix(is = "the request's Session kept open for the task, which credits the account in it",
        caughtBy = "bonusAfterTheRequestReturned",
        fails = "Session used by thread 'background-worker' in SharedSessionContract.fromTransaction, but it belongs to thread 'request' (session guard: CONFINED)")
public final class RequestSessionKeptForTheTask implements Bonus {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public RequestSessionKeptForTheTask(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Long> creditBonus(long accountId, long cents) {
        Session session = sessionFactory.openSession();
        Account account = session.find(Account.class, accountId);
        return CompletableFuture.supplyAsync(() -> {
            try (session) {
                return session.fromTransaction(tx -> {
                    account.deposit(cents);
                    return account.getBalanceCents();
                });
            }
        }, background);
    }
}

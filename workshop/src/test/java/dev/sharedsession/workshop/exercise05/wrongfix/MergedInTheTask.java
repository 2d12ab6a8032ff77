package dev.sharedsession.workshop.exercise05.wrongfix;

import dev.sharedsession.model.Account;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise05.Bonus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Wrong: the task merges the account it was handed into a Session of its own. merge() copies
 * the handed-over object's state onto the row, and that state is the balance the request read:
 * every bonus after the first writes an old balance back.
 */
@WrongFix(is = "the handed-over account merged into the task's own Session",
        caughtBy = "fourBonuses",
        fails = "[Alice's balance in the database after four bonuses of 100 on 1000] expected: 1400L but was: 1100L")
public final class MergedInTheTask implements Bonus {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public MergedInTheTask(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Long> creditBonus(long accountId, long cents) {
        try (Session session = sessionFactory.openSession()) {
            Account account = session.find(Account.class, accountId);
            return CompletableFuture.supplyAsync(() -> credit(account, cents), background);
        }
    }

    private long credit(Account account, long cents) {
        return sessionFactory.fromTransaction(session -> {
            Account attached = session.merge(account);
            attached.deposit(cents);
            return attached.getBalanceCents();
        });
    }
}

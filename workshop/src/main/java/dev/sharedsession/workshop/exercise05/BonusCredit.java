package dev.sharedsession.workshop.exercise05;

import dev.sharedsession.model.Account;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Exercise 5, starting point: a bonus credited by a background task.
 *
 * <p>YOUR TASK: the task reports the new balance, yet the database still holds the old one:
 * the bonus is lost and nothing failed. Make the bonus reach the database. The check forces two
 * interleavings:
 * <ol>
 *   <li>the task is held until the request has returned, then credits 100 cents on 1000: the
 *       task must report 1100 and the database must say 1100;</li>
 *   <li>four requests each hand over a bonus of 100 while the one background thread is held,
 *       then it runs the four tasks one after another: the database must say 1400.</li>
 * </ol>
 * Change only this file. Check with {@code ./exercise check 5}; page:
 * docs/workshop/exercise-05-pass-ids.md.
 */
public final class BonusCredit implements Bonus {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public BonusCredit(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Long> creditBonus(long accountId, long cents) {
        try (Session session = sessionFactory.openSession()) {
            Account account = session.find(Account.class, accountId); // shown on the page
            // The loaded account is handed to the background.
            return CompletableFuture.supplyAsync(() -> credit(account, cents), background);
        }
    }

    /** Runs on the background thread, in a transaction of its own. */
    private long credit(Account account, long cents) {
        return sessionFactory.fromTransaction(session -> {
            session.find(Account.class, account.getId()); // "make sure the account is in this Session"
            account.deposit(cents);
            return account.getBalanceCents();
        });
    }
}

package dev.sharedsession.safe;

import dev.sharedsession.model.Account;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 13, safe: one failed statement aborts one request's transaction.
 *
 * <p>The story is the same: an account desk serving requests from several threads
 * ({@code Alice}, {@code Bob}, {@code Carol}), opening accounts and looking up balances, and Bob
 * asks for a name that is taken.
 *
 * <p>The fix. Every request is a unit of work of its own: {@code sessionFactory.fromTransaction}
 * opens a Session, begins, commits (or rolls back on an exception) and closes, on the thread
 * that serves the request. Bob's unique-key violation aborts Bob's transaction (on PostgreSQL
 * the server aborts it; on every database Hibernate rolls it back) and nobody else's: Carol
 * reads her balance, Alice's account is committed when her request returns, and nothing is
 * left for a batch commit to do: the desk has no batch commit, and nothing to close.
 */
public final class Scenario13_FailedStatementAbortsTheTransaction {

    private static final Logger log = LoggerFactory.getLogger(Scenario13_FailedStatementAbortsTheTransaction.class);

    // SAFE: the desk keeps the SessionFactory, never a Session.
    private final SessionFactory sessionFactory;

    public Scenario13_FailedStatementAbortsTheTransaction(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** A request: opens an account for {@code owner}; a taken name fails here, in this request. Returns its id. */
    public long openAccount(String owner, long openingCents) {
        Account account = new Account(owner, openingCents);
        // SAFE: the INSERT runs in this request's own transaction; if it fails, only this request is rolled back.
        sessionFactory.inTransaction(session -> session.persist(account));
        log.info("account of {} opened", owner);
        return account.getId();
    }

    /** A request: the balance of an account; an id without an account is refused. */
    public long balanceOf(long accountId) {
        // SAFE: a read in a transaction of its own, untouched by another request's failure.
        return sessionFactory.fromTransaction(session -> {
            Account account = session.find(Account.class, accountId);
            if (account == null) {
                throw new IllegalArgumentException("no account " + accountId);
            }
            return account.getBalanceCents();
        });
    }
}

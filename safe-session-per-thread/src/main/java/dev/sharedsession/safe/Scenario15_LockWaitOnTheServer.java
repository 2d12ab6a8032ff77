package dev.sharedsession.safe;

import dev.sharedsession.model.Account;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Timeout;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 15, safe: a lock wait on the server holds one request.
 *
 * <p>The story is the same: a payments desk whose requests ({@code Alice}, {@code Bob}) lock
 * their account's row before a deposit, waiting at most {@link #LOCK_TIMEOUT}, while a month-end
 * job holds the lock on Alice's account.
 *
 * <p>The fix. Every request is a unit of work of its own ({@code sessionFactory.inTransaction}),
 * with its own Session and pooled connection. Alice's "select ... for update" still waits for
 * the month-end job, and still ends with the lock timeout ({@code LockTimeoutException}): that
 * is the lock doing its job. But she waits on her own connection: Bob's deposit goes through
 * while she waits, and her timeout rolls back her request alone. There is no batch to commit
 * and nothing to close: each request committed and closed its own Session.
 */
public final class Scenario15_LockWaitOnTheServer {

    /** How long a request waits for a row lock: Hibernate says it per database (for update wait 2, lock_timeout). */
    public static final Timeout LOCK_TIMEOUT = Timeout.seconds(2);

    private static final Logger log = LoggerFactory.getLogger(Scenario15_LockWaitOnTheServer.class);

    // SAFE: the desk keeps the SessionFactory, never a Session.
    private final SessionFactory sessionFactory;

    public Scenario15_LockWaitOnTheServer(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** A request: locks the account's row, waiting at most {@link #LOCK_TIMEOUT}, and deposits {@code cents}. */
    public void deposit(long accountId, long cents) {
        // SAFE: the lock wait happens on this request's own connection: nobody else waits behind it.
        sessionFactory.inTransaction(session -> {
            Account account = session.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE, LOCK_TIMEOUT);
            if (account == null) {
                throw new IllegalArgumentException("no account " + accountId);
            }
            account.deposit(cents);
        });
        log.info("deposited {} on account {}", cents, accountId);
    }
}

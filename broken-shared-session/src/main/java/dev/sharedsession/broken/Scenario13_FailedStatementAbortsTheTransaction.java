package dev.sharedsession.broken;

import dev.sharedsession.model.Account;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 13, broken: one failed statement aborts everyone's transaction.
 *
 * <p>The story. An account desk serves requests from several threads ({@code Alice},
 * {@code Bob}, {@code Carol}): open an account, look up a balance. The mistake: every request
 * goes through <em>one</em> Session and its one transaction, committed once per batch "because
 * a commit per request is slow". Each request flushes its INSERT at once, so that a taken name
 * is reported to the request that asked for it.
 *
 * <p>What breaks. Bob asks for a name that is taken; his INSERT fails with a unique-key
 * violation. That is Bob's error, but the transaction it failed in is everybody's:
 * <ul>
 *   <li>on PostgreSQL the server aborts the transaction at once: every later statement of every
 *       thread fails with SQLSTATE 25P02, {@code ERROR: current transaction is aborted, commands
 *       ignored until end of transaction block}, Carol's read of her own balance included;</li>
 *   <li>on every database, Hibernate marks the shared transaction rollback-only when Bob's
 *       flush fails, and keeps Bob's failed INSERT in the shared action queue: the next request
 *       that flushes sends it again and fails with Bob's error;</li>
 *   <li>the batch commit then <b>returns normally and commits nothing</b> (a native-bootstrap
 *       commit of a rollback-only transaction rolls back without a word): Alice's account, whose
 *       request returned normally, is gone. On H2 and MariaDB nobody else saw an error at all.</li>
 * </ul>
 *
 * <p>The fix, in {@code safe-session-per-thread}: a Session and a transaction per request,
 * {@code sessionFactory.fromTransaction(...)}: Bob's failure rolls back Bob's request alone.
 */
public final class Scenario13_FailedStatementAbortsTheTransaction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario13_FailedStatementAbortsTheTransaction.class);

    // BROKEN: one Session and one transaction for every request of every thread, committed per batch.
    private final Session session;

    public Scenario13_FailedStatementAbortsTheTransaction(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
        this.session.beginTransaction();
    }

    /** A request: opens an account for {@code owner}; a taken name fails here, in this request. Returns its id. */
    public long openAccount(String owner, long openingCents) {
        Account account = new Account(owner, openingCents);
        // BROKEN: the INSERT runs in the shared transaction; if it fails, the transaction fails for everyone.
        session.persist(account);
        session.flush();
        log.info("account of {} opened", owner);
        return account.getId();
    }

    /** A request: the balance of an account; an id without an account is refused. */
    public long balanceOf(long accountId) {
        // BROKEN: a read in the shared transaction, after whatever another thread's statement did to it.
        Account account = session.find(Account.class, accountId);
        if (account == null) {
            throw new IllegalArgumentException("no account " + accountId);
        }
        return account.getBalanceCents();
    }

    /** The end of a batch: commits what the requests did. */
    public void commitBatch() {
        // BROKEN: commits (or silently rolls back) every request's work at once, then starts the next batch.
        session.getTransaction().commit();
        session.beginTransaction();
        log.info("batch committed");
    }

    /** When the desk closes: the shared Session goes, and with it an uncommitted batch. */
    @Override
    public void close() {
        if (session.getTransaction().isActive()) {
            session.getTransaction().rollback();
        }
        session.close();
    }
}

package dev.sharedsession.broken;

import dev.sharedsession.model.Account;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Timeout;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 15, broken: a lock wait on the server holds every thread of the shared Session.
 *
 * <p>The story. A payments desk: requests from several threads ({@code Alice}, {@code Bob})
 * deposit money, each locking its account's row first ({@code PESSIMISTIC_WRITE}, "select ...
 * for update") and waiting at most {@link #LOCK_TIMEOUT} for it. Meanwhile a month-end job, in a
 * Session of its own, holds the lock on Alice's account. The mistake: the desk's requests share
 * one Session and its transaction, committed per batch.
 *
 * <p>What breaks. Alice's "select ... for update" waits on the server for the month-end job's
 * lock: a lock wait, not a spin; the thread sits in a socket read. But it waits holding the
 * shared Session's one JDBC connection, and the driver runs one statement at a time on a
 * connection: Bob's deposit, on an account nobody has locked, queues behind Alice's wait.
 * <ul>
 *   <li>it ends with the lock timeout, on Alice:
 *       {@code LockTimeoutException} ("Lock wait timeout exceeded" on MariaDB, "canceling
 *       statement due to lock timeout" on PostgreSQL, "Timeout trying to lock table" on H2);</li>
 *   <li>what it cost meanwhile: Bob's request, which needed no lock anybody held, took the whole
 *       lock timeout; a connection was held by a Session doing nothing but waiting;</li>
 *   <li>on PostgreSQL Alice's timeout also aborts the shared transaction: Bob's lock request,
 *       which starts with Hibernate asking the connection for its {@code lock_timeout}, is refused
 *       with SQLSTATE 25P02: {@code GenericJDBCException: Unable to query JDBC Connection for
 *       current lock-timeout setting [ERROR: current transaction is aborted, commands ignored
 *       until end of transaction block]}, and the batch commits nothing.</li>
 * </ul>
 *
 * <p>The fix, in {@code safe-session-per-thread}: a Session per request. Alice still waits for
 * the month-end job, on her own connection, and still times out; Bob's deposit goes through
 * while she waits.
 */
public final class Scenario15_LockWaitOnTheServer implements AutoCloseable {

    /** How long a request waits for a row lock: Hibernate says it per database (for update wait 2, lock_timeout). */
    public static final Timeout LOCK_TIMEOUT = Timeout.seconds(2);

    private static final Logger log = LoggerFactory.getLogger(Scenario15_LockWaitOnTheServer.class);

    // BROKEN: one Session and one transaction for every request of every thread, committed per batch.
    private final Session session;

    public Scenario15_LockWaitOnTheServer(SessionFactory sessionFactory) {
        this.session = sessionFactory.openSession();
        this.session.beginTransaction();
    }

    /** A request: locks the account's row, waiting at most {@link #LOCK_TIMEOUT}, and deposits {@code cents}. */
    public void deposit(long accountId, long cents) {
        // BROKEN: the lock wait happens on the shared connection: every other request waits behind it.
        Account account = session.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE, LOCK_TIMEOUT);
        if (account == null) {
            throw new IllegalArgumentException("no account " + accountId);
        }
        account.deposit(cents);
        session.flush();
        log.info("deposited {} on account {}", cents, accountId);
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

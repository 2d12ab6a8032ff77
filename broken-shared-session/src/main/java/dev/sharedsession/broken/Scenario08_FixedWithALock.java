package dev.sharedsession.broken;

import dev.sharedsession.model.Account;
import dev.sharedsession.model.SteppedBank;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 8, broken: "fixed" with a lock.
 *
 * <p>The story. After scenarios 1 and 2 blew up, the team kept the one shared Session and
 * made every call on it {@code synchronized}: begin, find, query, persist, commit, rollback,
 * one thread at a time. A unit of work is {@link #begin()}, its steps, then commit (or
 * rollback). {@code Alice} pays {@code Carol} in two steps (withdraw, then look up Carol's
 * account and deposit, then commit); {@code Bob} opens accounts; payers {@code payer-1} ...
 * {@code payer-8} pay the bank.
 *
 * <p>What the lock fixes, and what it cannot. The lock does protect the Session's internals:
 * in 20 natural runs (4 payers, 5 transfers each) we saw none of scenario 1's
 * {@code ConcurrentModificationException}, {@code AssertionFailure} or
 * {@code NullPointerException}, and no connection left checked out. It also puts every thread
 * behind one lock (what that costs is for the benchmarks; no timing here). But a lock per
 * <em>call</em> is released between two calls, and the Session still has exactly one
 * transaction, which now belongs to whichever thread calls next. On Hibernate 7.4.15:
 * <ul>
 *   <li>Bob's locked {@code commit()} lands between Alice's two locked steps: her withdrawal
 *       is committed without her deposit. Her next call, the deposit's
 *       {@code select ... for update}, fails with
 *       {@code jakarta.persistence.TransactionRequiredException: No active transaction}. 100
 *       cents left her account and reached nobody; Bob saw nothing wrong.</li>
 *   <li>Bob's rejected account rolls back <em>the</em> transaction, Alice's pending account
 *       with it (7.4 clears the whole persistence context on rollback). Bob's next account
 *       begins a new transaction, and Alice's locked {@code commit()} commits <em>that</em>
 *       one: it returns normally, with an id, having committed Bob's account and not hers.
 *       Bob's own commit then fails with
 *       {@code IllegalStateException: Transaction not successfully started}.</li>
 *   <li>nothing forced (4 payers, 5 transfers each, Bob opening accounts), every one of 20
 *       runs went wrong: money vanished in most of them, and in most the bank's balance
 *       disagreed with the transfers that had returned normally; about a quarter of the
 *       transfers failed with
 *       "Transaction not successfully started" or "No active transaction".</li>
 * </ul>
 * A lock that spans the whole unit of work (begin to commit) would be correct, and would
 * make the shared Session a queue with one thread at a time in it: a Session per unit of work,
 * with no lock at all, is what that lock is trying to be.
 *
 * <p>The fix, in {@code safe-session-per-thread}: the same steps, no lock, and
 * {@code begin()} opens a Session and a transaction of its own for every unit of work; the
 * only locks left are the database's row locks, and they hold up only the transfers that
 * touch the same rows.
 */
public final class Scenario08_FixedWithALock implements SteppedBank, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scenario08_FixedWithALock.class);

    private final Session shared;

    public Scenario08_FixedWithALock(SessionFactory sessionFactory) {
        this.shared = sessionFactory.openSession(); // BROKEN: one Session, and so one transaction, for every thread
    }

    /**
     * Begins a unit of work: the shared Session's one transaction. If another thread's is active,
     * {@code beginTransaction()} hands back that one.
     */
    @Override
    public UnitOfWork begin() {
        synchronized (shared) { // THE "FIX": one thread at a time on the shared Session
            shared.beginTransaction();
        }
        return new UnitOfWork(shared);
    }

    /** A unit of work's steps: a view of the shared Session and its one transaction, each call locked. */
    public static final class UnitOfWork implements SteppedBank.Steps {

        private final Session session;

        private UnitOfWork(Session session) {
            this.session = session;
        }

        /** Step 1 of a transfer. */
        @Override
        public void withdraw(long fromId, long cents) {
            synchronized (session) { // THE "FIX"; released when the call returns
                session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE).withdraw(cents);
            }
        }

        /** Step 2 of a transfer. */
        @Override
        public void deposit(String payee, long cents) {
            synchronized (session) {
                session.createSelectionQuery("from Account where owner = :owner", Account.class)
                        .setParameter("owner", payee)
                        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                        .getSingleResult()
                        .deposit(cents);
            }
        }

        /** Adds a new account to the unit of work; a negative opening balance is refused. */
        @Override
        public long open(String owner, long openingCents) {
            if (openingCents < 0) {
                throw new IllegalArgumentException("an account cannot open with a negative balance");
            }
            synchronized (session) {
                Account account = new Account(owner, openingCents);
                session.persist(account);
                return account.getId();
            }
        }

        /** Commits the Session's transaction: whoever began it, whatever it holds. */
        @Override
        public void commit() {
            synchronized (session) {
                session.getTransaction().commit();
            }
        }

        /** Rolls back the Session's transaction if one is active: whoever began it, whatever it holds. */
        @Override
        public void rollback() {
            synchronized (session) {
                if (session.getTransaction().isActive()) {
                    session.getTransaction().rollback();
                }
            }
        }
    }

    /** Alice's unit of work: two steps, each call locked, the unit as a whole not. */
    @Override
    public void transfer(long fromId, String payee, long cents) {
        UnitOfWork transfer = begin();
        try {
            transfer.withdraw(fromId, cents);
            transfer.deposit(payee, cents);   // between two calls the lock is free: anybody may commit or roll back
            log.info("moved {} cents to {}; committing", cents, payee);
            transfer.commit();
        } catch (RuntimeException e) {
            transfer.rollback();
            throw e;
        }
    }

    /** Bob's unit of work: opens an account and returns its id. */
    @Override
    public long openAccount(String owner, long openingCents) {
        UnitOfWork opening = begin();
        try {
            long id = opening.open(owner, openingCents);
            opening.commit();
            return id;
        } catch (RuntimeException e) {
            opening.rollback();
            throw e;
        }
    }

    /** When the bank shuts down: closes the shared Session. */
    @Override
    public void close() {
        shared.close();
    }
}

package dev.sharedsession.safe;

import dev.sharedsession.model.Account;
import dev.sharedsession.model.SteppedBank;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 8, safe: no lock, a Session per unit of work.
 *
 * <p>The story is the same: a unit of work is {@link #begin()}, its steps, then commit (or
 * rollback). {@code Alice} pays {@code Carol} in two steps (withdraw, then look up Carol's
 * account and deposit, then commit), {@code Bob} opens accounts, payers {@code payer-1} ...
 * {@code payer-8} pay the bank, all at the same time.
 *
 * <p>The fix. Drop the shared Session and the lock around it: {@code begin()} opens a Session
 * of its own for each unit of work, with its own persistence context, its own connection, its
 * own transaction. There is nothing left to lock in Java: nobody else can reach that Session,
 * so nobody can commit or roll back between Alice's two steps. ({@code transfer} is what
 * {@code sessionFactory.inTransaction(...)} does, with its steps in the open.) The only
 * waiting left is the database's: the two rows of a transfer are read with
 * {@code select ... for update}, so transfers that touch the same row take turns and the
 * others do not wait at all.
 */
public final class Scenario08_FixedWithALock implements SteppedBank {

    private static final Logger log = LoggerFactory.getLogger(Scenario08_FixedWithALock.class);

    private final SessionFactory sessionFactory;

    public Scenario08_FixedWithALock(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /**
     * Begins a unit of work: a Session of its own (its own persistence context, connection and
     * transaction), which nobody else can reach, so nobody else can commit or roll it back.
     */
    @Override
    public UnitOfWork begin() {
        Session session = sessionFactory.openSession(); // THE FIX: no lock, nothing shared
        session.beginTransaction();
        return new UnitOfWork(session);
    }

    /** A unit of work's steps, in its own Session; commit or rollback closes it. */
    public static final class UnitOfWork implements SteppedBank.Steps {

        private final Session session;

        private UnitOfWork(Session session) {
            this.session = session;
        }

        /** Step 1 of a transfer. */
        @Override
        public void withdraw(long fromId, long cents) {
            session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE).withdraw(cents); // a row lock, not a Java lock
        }

        /** Step 2 of a transfer. */
        @Override
        public void deposit(String payee, long cents) {
            session.createSelectionQuery("from Account where owner = :owner", Account.class)
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getSingleResult()
                    .deposit(cents);
        }

        /** Adds a new account to the unit of work; a negative opening balance is refused. */
        @Override
        public long open(String owner, long openingCents) {
            if (openingCents < 0) {
                throw new IllegalArgumentException("an account cannot open with a negative balance");
            }
            Account account = new Account(owner, openingCents);
            session.persist(account);
            return account.getId();
        }

        /** Commits this unit of work's transaction, and only its own work; closes its Session. */
        @Override
        public void commit() {
            session.getTransaction().commit();
            session.close();
        }

        /** Rolls back this unit of work's transaction if it is active, and only its own work; closes its Session. */
        @Override
        public void rollback() {
            if (session.getTransaction().isActive()) {
                session.getTransaction().rollback();
            }
            session.close();
        }
    }

    /** Alice's unit of work: two steps in one Session and one transaction of her own. */
    @Override
    public void transfer(long fromId, String payee, long cents) {
        UnitOfWork transfer = begin();
        try {
            transfer.withdraw(fromId, cents);
            transfer.deposit(payee, cents);   // between two steps nobody else can reach her transaction
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
}

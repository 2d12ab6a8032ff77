package dev.sharedsession.safe;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Account;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.runs.BankRun;
import jakarta.persistence.LockModeType;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 8, safe: no lock, a Session per thread.
 *
 * <p>The story is the same: {@code Alice} pays {@code Carol} in two steps (withdraw, then look
 * up Carol's account and deposit, then commit), {@code Bob} opens accounts, payers
 * {@code payer-1} ... {@code payer-8} pay the bank, all at the same time.
 *
 * <p>The fix. Drop the shared Session and the lock around it. Each unit of work opens its own
 * Session with {@code sessionFactory.inTransaction(...)} / {@code fromTransaction(...)}: its
 * own persistence context, its own connection, its own transaction. There is nothing left to
 * lock in Java: nobody else can reach the Session, so nobody can commit or roll back between
 * Alice's two steps. The only waiting left is the database's: the two rows of a transfer are
 * read with {@code select ... for update}, so transfers that touch the same row take turns and
 * the others do not wait at all.
 */
public final class Scenario08_FixedWithALock implements BankRun.Bank {

    private static final Logger log = LoggerFactory.getLogger(Scenario08_FixedWithALock.class);

    /** The crowd of the natural run unless told otherwise: payers (Bob opens his accounts beside them). */
    public static final int DEFAULT_THREADS = BankRun.PAYERS;


    private final SessionFactory sessionFactory;

    public Scenario08_FixedWithALock(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Alice's unit of work: two steps in one Session and one transaction of her own. */
    public void transfer(long fromId, String payee, long cents) {
        sessionFactory.inTransaction(session -> {
            session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE).withdraw(cents);   // step 1
            session.createSelectionQuery("from Account where owner = :owner", Account.class)       // step 2
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getSingleResult()
                    .deposit(cents);
            log.info("moved {} cents to {}; committing", cents, payee);
        });
    }

    /** Bob's unit of work: opens an account and returns its id; a negative opening balance is refused. */
    public long openAccount(String owner, long openingCents) {
        return sessionFactory.fromTransaction(session -> {
            if (openingCents < 0) {
                throw new IllegalArgumentException("an account cannot open with a negative balance"); // rolls back this account only
            }
            Account account = new Account(owner, openingCents);
            session.persist(account);
            return account.getId();
        });
    }

    /** One natural run with {@value #DEFAULT_THREADS} payers (Bob opens his accounts beside them): see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: {@code threads} payers each pay the "bank" account
     * {@value BankRun#CENTS} cents {@value BankRun#TRANSFERS_EACH} times while Bob opens accounts, one of them
     * rejected, every unit of work in its own Session. Goes wrong if money vanished or appeared,
     * if the balances differ from what the transfers' commits reported, if a pooled connection
     * is still checked out at the end, or on any exception.
     */
    public static Outcome runNaturally(Database db, int threads) {
        NaturalRuns.requireThreads(threads);
        return BankRun.run(db, BankRun.openAccounts(db, threads), new Scenario08_FixedWithALock(db.sessionFactory()), () -> { });
    }

    /**
     * The headline, forced: Alice pays Carol 100 cents, and Bob opens an account between her two
     * steps, after her withdrawal was flushed and before her deposit. Bob's commit commits only his own account;
     * Alice's transfer commits whole: ok. (The broken side's Alice waits between her two locked
     * calls; here, with no lock, she waits at the same point, before her payee lookup.)
     */
    public static Outcome runForced(Database db) {
        return BankRun.alicePaysCarolWhileBobOpensAnAccount(db, new Scenario08_FixedWithALock(db.sessionFactory()), () -> { });
    }
}

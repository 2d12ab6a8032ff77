package dev.sharedsession.broken;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Account;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.RaceTimeoutException;
import dev.sharedsession.runs.BankRun;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 8, broken: "fixed" with a lock.
 *
 * <p>The story. After scenarios 1 and 2 blew up, the team kept the one shared Session and
 * made every call on it {@code synchronized}: begin, find, query, persist, commit, rollback,
 * one thread at a time. {@code Alice} pays {@code Carol} in two steps (withdraw, then look up
 * Carol's account and deposit, then commit); {@code Bob} opens accounts; payers
 * {@code payer-1} ... {@code payer-8} pay the bank.
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
 *   <li>nothing forced ({@link #runNaturally(Database)}), every one of 20 runs went wrong:
 *       money vanished in most of them, and in most the bank's balance disagreed with the
 *       transfers that had returned normally; about a quarter of the transfers failed with
 *       "Transaction not successfully started" or "No active transaction".</li>
 * </ul>
 * A lock that spans the whole unit of work (begin to commit) would be correct, and would
 * make the shared Session a queue with one thread at a time in it: a Session per unit of work,
 * with no lock at all, is what that lock is trying to be.
 *
 * <p>The fix, in {@code safe-session-per-thread}: a Session per thread and unit of work,
 * {@code sessionFactory.inTransaction(...)}; the only locks left are the database's row locks,
 * and they hold up only the transfers that touch the same rows.
 */
public final class Scenario08_FixedWithALock implements BankRun.Bank {

    private static final Logger log = LoggerFactory.getLogger(Scenario08_FixedWithALock.class);

    /** The crowd of the natural run unless told otherwise: payers (Bob opens his accounts beside them). */
    public static final int DEFAULT_THREADS = BankRun.PAYERS;


    private final Session session;

    public Scenario08_FixedWithALock(Session session) {
        this.session = session;
    }

    /** THE "FIX": every call on the shared Session is made by one thread at a time. */
    private <T> T locked(Function<Session, T> call) {
        synchronized (session) {
            return call.apply(session);
        }
    }

    /** Begins a unit of work; if another thread's transaction is active, hands back that one. */
    public void begin() {
        locked(Session::beginTransaction);
    }

    /** Step 1 of a transfer. */
    public void withdraw(long fromId, long cents) {
        locked(s -> {
            s.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE).withdraw(cents);
            return null;
        });
    }

    /** Step 2 of a transfer. */
    public void deposit(String payee, long cents) {
        locked(s -> {
            s.createSelectionQuery("from Account where owner = :owner", Account.class)
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getSingleResult()
                    .deposit(cents);
            return null;
        });
    }

    /** Adds a new account to the unit of work; a negative opening balance is refused. */
    public long open(String owner, long openingCents) {
        if (openingCents < 0) {
            throw new IllegalArgumentException("an account cannot open with a negative balance");
        }
        return locked(s -> {
            Account account = new Account(owner, openingCents);
            s.persist(account);
            return account.getId();
        });
    }

    /** Commits the Session's transaction: whoever began it, whatever it holds. */
    public void commit() {
        locked(s -> {
            s.getTransaction().commit();
            return null;
        });
    }

    /** Rolls back the Session's transaction if one is active: whoever began it, whatever it holds. */
    public void rollback() {
        locked(s -> {
            if (s.getTransaction().isActive()) {
                s.getTransaction().rollback();
            }
            return null;
        });
    }

    /** Alice's unit of work: two steps, each call locked, the unit as a whole not. */
    public void transfer(long fromId, String payee, long cents) {
        transfer(fromId, payee, cents, () -> { });
    }

    /** The same, running {@code inTheGap} between the two locked steps (where the forced run waits). */
    private void transfer(long fromId, String payee, long cents, Runnable inTheGap) {
        begin();
        try {
            withdraw(fromId, cents);
            inTheGap.run();
            deposit(payee, cents);     // between the calls the lock is free: anybody may commit or roll back
            log.info("moved {} cents to {}; committing", cents, payee);
            commit();
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Bob's unit of work: opens an account and returns its id. */
    public long openAccount(String owner, long openingCents) {
        begin();
        try {
            long id = open(owner, openingCents);
            commit();
            return id;
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** One natural run with {@value #DEFAULT_THREADS} payers (Bob opens his accounts beside them): see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: {@code threads} payers each pay the "bank" account
     * {@value BankRun#CENTS} cents {@value BankRun#TRANSFERS_EACH} times while Bob opens accounts, one of them
     * rejected, all through one shared Session with every call locked (closed at the end). Goes
     * wrong if money vanished or appeared, if the balances differ from what the transfers'
     * commits reported, if a pooled connection is still checked out after the close, or on any
     * exception.
     */
    public static Outcome runNaturally(Database db, int threads) {
        NaturalRuns.requireThreads(threads);
        List<Long> payers = BankRun.openAccounts(db, threads);
        Session shared = db.sessionFactory().openSession();
        return BankRun.run(db, payers, new Scenario08_FixedWithALock(shared), shared::close);
    }

    /**
     * The headline, forced: Alice pays Carol 100 cents, and Bob opens an account in the gap
     * between her two locked steps, after her withdrawal and before her deposit. Bob's locked
     * commit commits <em>the</em> transaction, her withdrawal with it; her deposit then finds no
     * transaction: "100 cents vanished".
     */
    public static Outcome runForced(Database db) {
        long alice = BankRun.openAliceAndCarol(db);
        CountDownLatch withdrawn = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        Session shared = db.sessionFactory().openSession();
        Throwable alices;
        Throwable bobs;
        try (Race race = Race.bounded()) {
            var bank = new Scenario08_FixedWithALock(shared);
            Actor<Void> transfer = race.run("Alice", () -> bank.transfer(alice, "Carol", 100, () -> {
                withdrawn.countDown();
                await(goOn, db);                         // in the gap: the lock is free
            }));
            await(withdrawn, db);                        // withdrawn, not yet deposited
            bobs = race.start("Bob", () -> bank.openAccount("Bob", 500)).failure();
            goOn.countDown();
            alices = transfer.failure();
        } finally {
            goOn.countDown();
            shared.close();
        }
        return BankRun.judgeAlicePaysCarol(db, alices, bobs);
    }

    /** Waits for {@code latch}, bounded by the harness's timeout. */
    private static void await(CountDownLatch latch, Database db) {
        try {
            if (!latch.await(PausePoints.of(db).timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException("latch not opened within " + PausePoints.of(db).timeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException("interrupted while waiting for a latch");
        }
    }
}

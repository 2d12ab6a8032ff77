package dev.sharedsession.safe;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Account;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Race;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
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
public final class Scenario08_FixedWithALock {

    private static final Logger log = LoggerFactory.getLogger(Scenario08_FixedWithALock.class);

    /** Accounts, transfers per account and cents per transfer of the natural run. */
    static final int PAYERS = 4;
    static final int TRANSFERS_EACH = 5;
    static final long CENTS = 10;
    static final long OPENING_CENTS = 1_000;

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

    /**
     * One natural run, nothing forced: {@value #PAYERS} payers each pay the "bank" account
     * {@value #CENTS} cents {@value #TRANSFERS_EACH} times while Bob opens accounts, one of them
     * rejected, every unit of work in its own Session. Goes wrong if money vanished or appeared,
     * if the balances differ from what the transfers' commits reported, if a pooled connection
     * is still checked out at the end, or on any exception.
     */
    public static Outcome runNaturally(Database db) {
        List<Long> payers = new ArrayList<>();
        db.sessionFactory().inTransaction(s -> {
            s.createMutationQuery("delete from Account").executeUpdate();
            s.persist(new Account("bank", 0));
            for (int i = 1; i <= PAYERS; i++) {
                Account payer = new Account("payer-" + i, OPENING_CENTS);
                s.persist(payer);
                payers.add(payer.getId());
            }
        });
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> paid = Collections.synchronizedList(new ArrayList<>());
        try (Race race = Race.bounded()) {
            var bank = new Scenario08_FixedWithALock(db.sessionFactory());
            List<Actor<Void>> actors = new ArrayList<>();
            for (int i = 0; i < PAYERS; i++) {
                long payer = payers.get(i);
                actors.add(race.run("payer-" + (i + 1), () -> {
                    for (int t = 0; t < TRANSFERS_EACH; t++) {
                        try {
                            bank.transfer(payer, "bank", CENTS);
                            paid.add("payer-" + payer);
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            actors.add(race.run("Bob", () -> {
                for (long opening : new long[] {500, -5, 700}) {
                    try {
                        bank.openAccount("Bob", opening);
                    } catch (IllegalArgumentException rejected) {
                        // expected for the negative opening balance: his unit of work rolls back
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
            actors.forEach(Actor::join);
        }
        return judge(db, paid, failures);
    }

    /** Compares the balances with what the transfers' commits reported. */
    static Outcome judge(Database db, List<String> paid, List<Throwable> failures) {
        var quiet = new TreeSet<String>();
        if (db.activeConnections() > 0) {
            quiet.add("pooled connection still checked out after the Session was closed");
        }
        long total = db.queryForLong("select coalesce(sum(balance_cents), 0) from Account where owner_name <> 'Bob'");
        long expectedTotal = PAYERS * OPENING_CENTS;
        if (total < expectedTotal) {
            quiet.add("money vanished");
        } else if (total > expectedTotal) {
            quiet.add("money appeared");
        }
        long bank = db.queryForLong("select balance_cents from Account where owner_name = 'bank'");
        if (bank != paid.size() * CENTS) {
            quiet.add("the bank's balance differs from the transfers that returned normally");
        }
        if (!quiet.isEmpty()) {
            return Outcome.wrong(String.join(" + ", quiet));
        }
        return failures.isEmpty() ? Outcome.ok() : Outcome.failed(failures.get(0));
    }
}

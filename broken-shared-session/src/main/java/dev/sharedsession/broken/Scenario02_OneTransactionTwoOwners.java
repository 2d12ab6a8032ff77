package dev.sharedsession.broken;

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
import org.hibernate.Session;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 2, broken: one transaction, two owners.
 *
 * <p>The story. A small bank. {@code Alice} pays {@code Carol}: a transfer in two steps,
 * withdraw from Alice's account, then look up Carol's account and deposit, then commit.
 * Meanwhile, on another thread, {@code Bob} opens an account: begin, persist, commit (an
 * account may not open with a negative balance: then his unit of work rolls back). Both go
 * through one shared Session.
 *
 * <p>What breaks. A Session has exactly one JDBC connection and exactly one transaction, and
 * it does not know which thread "owns" it. On Hibernate 7.4.15:
 * <ul>
 *   <li>Bob's {@code session.beginTransaction()} while Alice's transaction is active neither
 *       fails nor begins anything: it returns Alice's transaction, still active. (Only
 *       {@code session.getTransaction().begin()} says so:
 *       {@code IllegalStateException: Resource-local transaction already active}.)</li>
 *   <li>Bob's commit commits <em>the</em> transaction: Alice's half-done transfer is
 *       published. Her withdrawal (already flushed by the query of step 2) is committed, her
 *       deposit is not. Alice's own commit then fails with
 *       {@code IllegalStateException: Transaction not successfully started}, which reads as
 *       "nothing happened" while 100 cents have left her account and reached nobody. Bob saw
 *       no exception at all.</li>
 *   <li>Bob's rollback rolls back <em>the</em> transaction: Alice's flushed withdrawal is
 *       discarded under her, and 7.4 also clears the whole persistence context. If it lands
 *       while her UPDATE is on its way, that UPDATE runs after the rollback, on a connection
 *       outside any transaction, so it is saved at once, and her transfer fails with
 *       {@code org.hibernate.AssertionFailure: possible non thread safe access to session}:
 *       again the money left and never arrived.</li>
 *   <li>If Bob's rollback lands while Alice is about to flush her commit, her pending INSERT
 *       is wiped and her {@code commit()} <b>returns normally having committed nothing</b>.</li>
 *   <li>nothing forced ({@link #runNaturally(Database)}: 4 payers, 5 transfers each, Bob
 *       opening accounts), practically every run went wrong: money vanished or appeared, the
 *       bank's balance disagreed with the transfers that had returned normally, pooled
 *       connections stayed checked out after the close, and some runs hung.</li>
 * </ul>
 *
 * <p>The fix, in {@code safe-session-per-thread}: each thread its own Session and its own
 * transaction ({@code sessionFactory.inTransaction(...)}), so the transfer's two steps commit
 * or roll back together and nobody else's commit or rollback can reach them.
 */
public final class Scenario02_OneTransactionTwoOwners {

    private static final Logger log = LoggerFactory.getLogger(Scenario02_OneTransactionTwoOwners.class);

    /** Accounts, transfers per account and cents per transfer of the natural run. */
    static final int PAYERS = 4;
    static final int TRANSFERS_EACH = 5;
    static final long CENTS = 10;
    static final long OPENING_CENTS = 1_000;

    private final Session session;

    public Scenario02_OneTransactionTwoOwners(Session session) {
        this.session = session;
    }

    /** Moves {@code cents} from the account {@code fromId} to the account of {@code payee}: two steps, one unit of work. */
    public void transfer(long fromId, String payee, long cents) {
        // BROKEN: if another thread's transaction is active, this "begins" by joining it.
        Transaction tx = session.beginTransaction();
        try {
            Account from = session.find(Account.class, fromId, LockModeType.PESSIMISTIC_WRITE); // select ... for update
            from.withdraw(cents);                                      // step 1
            Account to = session.createSelectionQuery("from Account where owner = :owner", Account.class)
                    .setParameter("owner", payee)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE) // concurrent payments to one payee queue up, none overwrites another
                    .getSingleResult(); // the query auto-flushes step 1: the UPDATE runs inside the shared transaction
            to.deposit(cents);                                         // step 2
            log.info("moved {} cents to {}; committing", cents, payee);
            tx.commit();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        }
    }

    /** Opens an account and returns its id; a negative opening balance rolls the unit of work back. */
    public long openAccount(String owner, long openingCents) {
        Transaction tx = session.beginTransaction();
        try {
            if (openingCents < 0) {
                throw new IllegalArgumentException("an account cannot open with a negative balance");
            }
            Account account = new Account(owner, openingCents);
            session.persist(account);
            log.info("account of {} persisted; committing", owner);
            tx.commit();   // commits whatever the shared transaction holds, whoever put it there
            return account.getId();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback(); // rolls back whatever the shared transaction holds
            }
            throw e;
        }
    }

    /**
     * One natural run, nothing forced: {@value #PAYERS} payers each pay the "bank" account
     * {@value #CENTS} cents {@value #TRANSFERS_EACH} times while Bob opens accounts, one of them
     * rejected, all through one shared Session (closed at the end). Goes wrong if money vanished
     * or appeared, if the balances differ from what the transfers' commits reported, if a
     * pooled connection is still checked out after the close, or on any exception.
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
        Session shared = db.sessionFactory().openSession();
        try (Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(shared);
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
        } finally {
            shared.close();
        }
        return judge(db, payers, paid, failures);
    }

    /** Compares the balances with what the transfers' commits reported. */
    static Outcome judge(Database db, List<Long> payers, List<String> paid, List<Throwable> failures) {
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

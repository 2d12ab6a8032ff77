package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.model.Bank;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * The natural run of the bank scenarios (2, "one transaction, two owners", and 8, "fixed with
 * a lock"), shared by both sides: {@value #PAYERS} payers (or as many as
 * {@link #openAccounts(Database, int)} opened) each pay the "bank" account {@value #CENTS} cents
 * {@value #TRANSFERS_EACH} times, while Bob opens three accounts, one of
 * them rejected (a negative opening balance rolls his unit of work back). What differs between
 * the runs is only the {@link Bank} they go through.
 *
 * <p>It goes wrong if money vanished or appeared, if the bank's balance differs from the
 * transfers that returned normally, if a pooled connection is still checked out afterwards,
 * or on any exception other than Bob's rejection.
 */
public final class BankRun {

    public static final int PAYERS = 4;
    public static final int TRANSFERS_EACH = 5;
    public static final long CENTS = 10;
    public static final long OPENING_CENTS = 1_000;

    /** The cast of the forced runs of scenarios 2 and 8: Alice pays Carol while Bob opens an account. */
    static final String ALICE = "Alice";
    static final String BOB = "Bob";
    static final String CAROL = "Carol";
    /**
     * A fragment of the SQL of a transfer's second step, the payee lookup
     * ({@code from Account where owner = :owner}): a pause here stops a transfer of scenario 2
     * between its two steps, with step 1 already flushed by that query's auto-flush.
     */
    public static final String PAYEE_LOOKUP_SQL = "where a1_0.owner_name=?";

    private BankRun() {
    }

    /** Fresh accounts: the bank at 0 and {@value #PAYERS} payers at {@value #OPENING_CENTS}; returns the payers' ids. */
    public static List<Long> openAccounts(Database db) {
        return openAccounts(db, PAYERS);
    }

    /** Fresh accounts: the bank at 0 and {@code payerCount} payers at {@value #OPENING_CENTS}; returns the payers' ids. */
    public static List<Long> openAccounts(Database db, int payerCount) {
        if (payerCount < 1) {
            throw new IllegalArgumentException("there must be at least 1 payer, was " + payerCount);
        }
        List<Long> payers = new ArrayList<>();
        db.sessionFactory().inTransaction(s -> {
            s.createMutationQuery("delete from Account").executeUpdate();
            s.persist(new Account("bank", 0));
            for (int i = 1; i <= payerCount; i++) {
                Account payer = new Account("payer-" + i, OPENING_CENTS);
                s.persist(payer);
                payers.add(payer.getId());
            }
        });
        return payers;
    }

    /**
     * The payers (from {@link #openAccounts(Database, int)}) each pay the bank {@code cents},
     * {@code times} times, through {@code bank}, on threads of {@code stage} released at once by
     * a barrier; a failure of any payer is thrown here. The caller checks the balances.
     */
    public static void payAllAtOnce(Stage stage, List<Long> payers, Bank bank, int times, long cents) {
        CyclicBarrier together = new CyclicBarrier(payers.size());
        List<Actor<Void>> transfers = new ArrayList<>();
        for (int i = 0; i < payers.size(); i++) {
            long payer = payers.get(i);
            transfers.add(stage.run("payer-" + (i + 1), () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (int t = 0; t < times; t++) {
                    bank.transfer(payer, "bank", cents);
                }
            }));
        }
        transfers.forEach(Actor::join);
    }

    /**
     * Runs the payers and Bob against {@code bank} on their own threads of {@code stage}, then
     * {@code afterwards} (where the bank is closed), then judges the database.
     */
    public static Outcome run(Stage stage, List<Long> payers, Bank bank, Runnable afterwards) {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Long> paid = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Actor<Void>> actors = new ArrayList<>();
            for (int i = 0; i < payers.size(); i++) {
                long payer = payers.get(i);
                actors.add(stage.run("payer-" + (i + 1), () -> {
                    for (int t = 0; t < TRANSFERS_EACH; t++) {
                        try {
                            bank.transfer(payer, "bank", CENTS);
                            paid.add(payer);
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            actors.add(stage.run("Bob", () -> {
                long[] openings = {500, -5, 700};
                for (int n = 0; n < openings.length; n++) {
                    try {
                        bank.openAccount(n == 0 ? "Bob" : "Bob " + (n + 1), openings[n]); // one account per owner
                    } catch (IllegalArgumentException rejected) {
                        // expected for the negative opening balance: his unit of work rolls back
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
            actors.forEach(Actor::join);
        } finally {
            afterwards.run();
        }
        return judge(stage.db(), payers.size(), paid.size(), failures);
    }

    /**
     * The forced runs of the bank scenarios: Alice and Carol with {@value #OPENING_CENTS} cents
     * each, every other account deleted. Returns Alice's id.
     */
    public static long openAliceAndCarol(Database db) {
        return db.sessionFactory().fromTransaction(s -> {
            s.createMutationQuery("delete from Account").executeUpdate();
            Account alice = new Account(ALICE, OPENING_CENTS);
            s.persist(alice);
            s.persist(new Account(CAROL, OPENING_CENTS));
            return alice.getId();
        });
    }

    /**
     * How "Alice pays Carol while Bob opens an account" ended: wrong if money left or entered
     * Alice's and Carol's accounts together ("100 cents vanished"), else the failure of Alice
     * ({@code alices}) or Bob ({@code bobs}) if either failed, else ok.
     */
    public static Outcome judgeAlicePaysCarol(Database db, Throwable alices, Throwable bobs) {
        long total = db.queryForLong("select coalesce(sum(balance_cents), 0) from Account where owner_name in (?, ?)", ALICE, CAROL);
        long expected = 2 * OPENING_CENTS;
        if (total != expected) {
            return Outcome.wrong(Math.abs(expected - total) + " cents " + (total < expected ? "vanished" : "appeared"));
        }
        if (alices != null) {
            return Outcome.failed(alices);
        }
        return bobs == null ? Outcome.ok() : Outcome.failed(bobs);
    }

    private static Outcome judge(Database db, int payerCount, int transfersPaid, List<Throwable> failures) {
        var quiet = new TreeSet<String>();
        if (db.activeConnections() > 0) {
            quiet.add("pooled connection still checked out after the Session was closed");
        }
        long total = db.queryForLong("select coalesce(sum(balance_cents), 0) from Account where owner_name not like ?", "Bob%");
        long expectedTotal = payerCount * OPENING_CENTS;
        if (total < expectedTotal) {
            quiet.add("money vanished");
        } else if (total > expectedTotal) {
            quiet.add("money appeared");
        }
        long bank = db.queryForLong("select balance_cents from Account where owner_name = ?", "bank");
        if (bank != transfersPaid * CENTS) {
            quiet.add("the bank's balance differs from the transfers that returned normally");
        }
        if (!quiet.isEmpty()) {
            return Outcome.wrong(String.join(" + ", quiet));
        }
        return failures.isEmpty() ? Outcome.ok() : Outcome.failed(failures.get(0));
    }
}

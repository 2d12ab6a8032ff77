package dev.sharedsession.broken.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import dev.sharedsession.broken.Scenario02_OneTransactionTwoOwners;
import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.testsupport.stress.StressDatabase;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Stress, scenario 2, broken: one transaction, two owners, nothing forced.
 *
 * <p>Alice pays Carol 100 cents ({@link Scenario02_OneTransactionTwoOwners#transfer}: withdraw,
 * look Carol up, deposit, commit) while Bob opens accounts
 * ({@link Scenario02_OneTransactionTwoOwners#openAccount}: begin, persist, commit), all through
 * ONE Session opened for the sample in the state's constructor and closed by the arbiter. Each
 * sample has accounts of its own: Alice opens with 1000 cents, Carol with 0. The outcome is
 * {@code alice, bob, money, Bob's accounts}: what each actor was told ({@code ok} or the
 * exception's name); what Alice's and Carol's balances say ({@code paid}, {@code unpaid},
 * {@code lost}, {@code ghost}, {@code vanished}, {@code appeared}: see {@link #money}); and
 * whether exactly the accounts whose commit returned normally were saved ({@code saved},
 * {@code lost}, {@code ghost}).
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl broken-shared-session -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress02}.
 */
public final class Stress02_OneTransactionTwoOwners {

    static final long OPENING_CENTS = 1_000;
    static final long CENTS = 100;
    /** Accounts Bob opens while Alice pays: several, so his commits land inside her transfer in every run. */
    static final int BOBS_ACCOUNTS = 3;

    private static final AtomicLong SAMPLES = new AtomicLong();

    private Stress02_OneTransactionTwoOwners() {
    }

    /**
     * What the database holds for Alice's transfer, against what it told her: {@code paid}
     * (returned normally; 900 / 100), {@code unpaid} (threw; 1000 / 0), {@code lost} (returned
     * normally, yet nothing moved), {@code ghost} (threw, yet the whole transfer was committed),
     * {@code vanished} (Alice + Carol hold less than 1000 cents), {@code appeared} (more).
     */
    static String money(Database db, long aliceAccount, String carol, boolean paid) {
        long alice = db.queryForLong("select balance_cents from Account where id = ?", aliceAccount);
        long carols = db.queryForLong("select balance_cents from Account where owner_name = ?", carol);
        if (alice + carols < OPENING_CENTS) {
            return "vanished";
        }
        if (alice + carols > OPENING_CENTS) {
            return "appeared";
        }
        boolean moved = alice == OPENING_CENTS - CENTS;
        return paid ? (moved ? "paid" : "lost") : (moved ? "ghost" : "unpaid");
    }

    @JCStressTest
    @Outcome(id = "ok, ok, paid, saved", expect = ACCEPTABLE,
            desc = "the transfer and Bob's accounts all committed, each exactly as its commit said")
    @Outcome(id = ".*vanished.*", expect = ACCEPTABLE_INTERESTING,
            desc = "money vanished: Alice's withdrawal was committed (by Bob's commit, or on its own after a rollback) without Carol's deposit")
    @Outcome(id = ".*appeared.*", expect = ACCEPTABLE_INTERESTING,
            desc = "money appeared: Carol's deposit was committed without Alice's withdrawal")
    @Outcome(id = "[^,]*, [^,]*, lost, .*", expect = ACCEPTABLE_INTERESTING,
            desc = "Alice's transfer returned normally, yet nothing moved: a rollback of the shared transaction discarded it")
    @Outcome(id = "[^,]*, [^,]*, ghost, .*", expect = ACCEPTABLE_INTERESTING,
            desc = "Alice's transfer threw, yet it was committed (by Bob's commit): a retry would pay Carol twice")
    @Outcome(id = ".*, lost", expect = ACCEPTABLE_INTERESTING,
            desc = "Bob's commit returned normally, yet his account is missing: Alice's rollback discarded it")
    @Outcome(id = ".*, ghost", expect = ACCEPTABLE_INTERESTING,
            desc = "Bob's commit threw, yet that account was saved (Alice's commit committed it)")
    @Outcome(id = "[^,]*, [^,]*, (paid|unpaid), saved", expect = ACCEPTABLE_INTERESTING,
            desc = "the database agrees with what each actor was told, but a unit of work failed with this exception: the other's commit or rollback ended the shared transaction under it")
    @Outcome(expect = ACCEPTABLE_INTERESTING, desc = "something else went wrong")
    @State
    public static class TransferAndOpen {
        private final Database db = StressDatabase.get();
        private final long sample = SAMPLES.incrementAndGet();
        private final String carol = "s02-" + sample + "-Carol";
        private final String bob = "s02-" + sample + "-Bob";
        private final long aliceAccount;
        private boolean alicePaid;
        private int bobOpened;
        private final Scenario02_OneTransactionTwoOwners bank;

        public TransferAndOpen() {
            aliceAccount = db.sessionFactory().fromTransaction(s -> {
                Account alice = new Account("s02-" + sample + "-Alice", OPENING_CENTS);
                s.persist(alice);
                s.persist(new Account(carol, 0));
                return alice.getId();
            });
            bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());
        }

        @Actor
        public void alice(LLLL_Result r) {
            try {
                bank.transfer(aliceAccount, carol, CENTS);
                alicePaid = true;
                r.r1 = "ok";
            } catch (Exception e) {
                r.r1 = StressDatabase.token(e);
            }
        }

        @Actor
        public void bob(LLLL_Result r) {
            try {
                for (int i = 0; i < BOBS_ACCOUNTS; i++) {
                    bank.openAccount(bob + " " + (i + 1), 500); // one account per owner (a unique key)
                    bobOpened++;
                }
                r.r2 = "ok";
            } catch (Exception e) {
                r.r2 = StressDatabase.token(e);
            }
        }

        @Arbiter
        public void database(LLLL_Result r) {
            try {
                bank.close();
            } catch (RuntimeException e) {
                // what the close left behind is what the database shows
            }
            r.r3 = money(db, aliceAccount, carol, alicePaid);
            long accounts = db.queryForLong("select count(*) from Account where owner_name like ?", bob + " %");
            r.r4 = accounts == bobOpened ? "saved" : accounts < bobOpened ? "lost" : "ghost";
        }
    }
}

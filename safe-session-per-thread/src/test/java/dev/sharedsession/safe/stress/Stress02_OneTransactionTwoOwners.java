package dev.sharedsession.safe.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners;
import dev.sharedsession.testsupport.stress.StressDatabase;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Stress, scenario 2, safe: one transaction, one owner, nothing forced.
 *
 * <p>Alice pays Carol 100 cents ({@link Scenario02_OneTransactionTwoOwners#transfer}) while Bob
 * opens accounts ({@link Scenario02_OneTransactionTwoOwners#openAccount}), each unit of work in
 * a Session and transaction of its own. Alice opens with 1000 cents, Carol with 0. The outcome
 * is {@code alice, bob, money, Bob's accounts} as on the broken side (see {@link #money}): it
 * must be {@code ok, ok, paid, saved} every time.
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl safe-session-per-thread -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress02}.
 */
public final class Stress02_OneTransactionTwoOwners {

    static final long OPENING_CENTS = 1_000;
    static final long CENTS = 100;
    /** Accounts Bob opens while Alice pays, as many as on the broken side. */
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
            desc = "the transfer and Bob's accounts all committed, and Alice + Carol still hold 1000 cents")
    @Outcome(expect = FORBIDDEN, desc = "money vanished or appeared, a transfer or account differs from what its commit said, or a unit of work failed")
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
            r.r3 = money(db, aliceAccount, carol, alicePaid);
            long accounts = db.queryForLong("select count(*) from Account where owner_name like ?", bob + " %");
            r.r4 = accounts == bobOpened ? "saved" : accounts < bobOpened ? "lost" : "ghost";
        }
    }
}

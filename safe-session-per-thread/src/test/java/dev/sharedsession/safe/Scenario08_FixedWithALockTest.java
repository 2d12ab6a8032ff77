package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Gap;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.BankRun;
import dev.sharedsession.runs.Runs08_FixedWithALock;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The same choreographies as the broken side's: the threads call the steps of a unit of work
 * one by one and wait in a {@link Gap} between two of them. Here each unit of work has a
 * Session of its own, so what happens in the gap cannot reach it.
 */
@DisplayName("Scenario 8, safe: no lock, a Session per unit of work")
class Scenario08_FixedWithALockTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String CAROL = "Carol";

    private static long open(Database db, String owner, long cents) {
        return db.sessionFactory().fromTransaction(session -> {
            Account account = new Account(owner, cents);
            session.persist(account);
            return account.getId();
        });
    }

    private static List<String> balances(Database db) {
        return db.queryForStrings("select concat(owner_name, '=', balance_cents) from Account order by owner_name");
    }

    @RaceTest
    @DisplayName("Bob opens an account between Alice's two steps: his commit holds only his account; Alice's transfer commits whole, no money vanishes")
    void bobOpensAnAccountBetweenAlicesTwoSteps(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_08.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(balances(stage.db())).containsExactly("Alice=900", "Bob=500", "Carol=1100");
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob opens an account between Alice's two steps: both calls return normally; her half transfer is invisible until her commit")
    void bobOpensAnAccountBetweenAlicesTwoStepsWhatEachIsTold(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Gap aliceBetweenSteps = new Gap(1);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario08_FixedWithALock(db.sessionFactory());
        Actor<Void> transfer = stage.run(ALICE, () -> Runs08_FixedWithALock.transferStepByStep(bank, alice, CAROL, 100, aliceBetweenSteps));
        aliceBetweenSteps.awaitReached();                      // withdrawn in her own Session, not yet deposited
        Actor<Long> bob = stage.start(BOB, () -> bank.openAccount(BOB, 500));

        assertThat(bob.failure()).isNull();
        assertThat(balances(db)).containsExactly("Alice=1000", "Bob=500", "Carol=1000"); // her half transfer is invisible
        aliceBetweenSteps.release();

        assertThat(transfer.failure()).isNull();
        assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's account is rejected between Alice's two steps: his rollback discards only his account; Alice's transfer commits whole")
    void bobsAccountIsRejectedBetweenAlicesTwoSteps(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Gap aliceBetweenSteps = new Gap(1);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario08_FixedWithALock(db.sessionFactory());
        Actor<Void> transfer = stage.run(ALICE, () -> Runs08_FixedWithALock.transferStepByStep(bank, alice, CAROL, 100, aliceBetweenSteps));
        aliceBetweenSteps.awaitReached();
        Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure(); // rolls back his own Session
        aliceBetweenSteps.release();

        assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an account cannot open with a negative balance");
        assertThat(transfer.failure()).isNull();
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's account is rejected, then he opens another, while Alice's new account awaits its commit: Alice's commit commits her account, Bob's commit his")
    void bobsAccountIsRejectedWhileAlicesAccountAwaitsItsCommit(Stage stage) {
        Database db = stage.db();
        Gap aliceBeforeCommit = new Gap(1);
        Gap bobBeforeCommit = new Gap(1);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario08_FixedWithALock(db.sessionFactory());
        Actor<Long> aliceOpens = stage.start(ALICE, () -> {
            var opening = bank.begin();
            long id = opening.open(ALICE, 1_000);
            aliceBeforeCommit.pass();
            opening.commit();
            return id;
        });
        aliceBeforeCommit.awaitReached();
        Throwable rejected = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure(); // rolls back his own Session
        Actor<Long> bobOpens = stage.start(BOB + "-again", () -> {
            var opening = bank.begin();                         // a Session of his own again
            long id = opening.open(BOB, 500);
            bobBeforeCommit.pass();
            opening.commit();
            return id;
        });
        bobBeforeCommit.awaitReached();
        aliceBeforeCommit.release();
        long alicesId = aliceOpens.join();
        bobBeforeCommit.release();
        long bobsId = bobOpens.join();

        assertThat(rejected).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an account cannot open with a negative balance");
        assertThat(db.queryForStrings("select owner_name from Account where id = ?", alicesId)).containsExactly(ALICE);
        assertThat(db.queryForStrings("select owner_name from Account where id = ?", bobsId)).containsExactly(BOB);
        assertThat(balances(db)).containsExactly("Alice=1000", "Bob=500");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight transfers wait between their two steps while Bob opens an account: his commit holds only his account; every transfer commits whole, the bank ends at 800")
    void eightTransfersWaitBetweenTheirStepsWhileBobOpensAnAccount(Stage stage) {
        Database db = stage.db();
        List<Long> payers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            payers.add(open(db, "payer-" + i, 1_000));
        }
        open(db, "bank", 0);
        Gap betweenSteps = new Gap(8);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario08_FixedWithALock(db.sessionFactory());
        List<Actor<Void>> transfers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long payer = payers.get(i);
            transfers.add(stage.run("payer-" + (i + 1), () -> Runs08_FixedWithALock.transferStepByStep(bank, payer, "bank", 100, betweenSteps)));
        }
        betweenSteps.awaitReached();
        stage.start(BOB, () -> bank.openAccount(BOB, 500)).join();
        betweenSteps.release();

        assertThat(transfers).allSatisfy(transfer -> assertThat(transfer.failure()).isNull()); // they take turns on the bank's row lock
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like ?", "payer-%"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = ?", "bank")).isEqualTo(800);
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = ?", BOB)).isEqualTo(500);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (money conserved, the bank as reported, no connection leaked)")
    void uncoordinatedTransfersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario08-natural"),
                Bindings.SCENARIO_08.naturalRun(Runs08_FixedWithALock.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight payers and Bob at once, nothing forced: every transfer arrives, the bank holds 8 x 5 x 10 cents")
    void naturalRunOfEightPayers(Stage stage) {
        assertThat(Bindings.SCENARIO_08.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForLong("select balance_cents from Account where owner_name = ?", "bank"))
                .isEqualTo(8 * BankRun.TRANSFERS_EACH * BankRun.CENTS);
        assertThat(stage.db().queryForStrings("select concat(owner_name, '=', balance_cents) from Account where owner_name like ? order by owner_name", "Bob%"))
                .containsExactly("Bob=500", "Bob 3=700"); // his second try, -5 cents, was refused
        assertThat(stage.db().activeConnections()).isZero();
    }
}

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Gap;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs08_FixedWithALock;
import dev.sharedsession.testsupport.junit.RaceTest;
import jakarta.persistence.TransactionRequiredException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * Every call on the shared Session is locked, so Hibernate's pause points (which fire inside a
 * call, with the lock held) cannot open a gap between two calls. The threads here call the
 * steps of a unit of work one by one and wait in a {@link Gap} between two of them: exactly
 * where the lock is free.
 */
@DisplayName("Scenario 8, broken: one shared Session, every call on it locked")
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
    @DisplayName("Bob opens an account between Alice's two steps: his locked commit publishes her withdrawal without her deposit, 100 cents vanish")
    void bobOpensAnAccountBetweenAlicesTwoSteps(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_08.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo("100 cents vanished");
        assertThat(balances(stage.db())).containsExactly("Alice=900", "Bob=500", "Carol=1000"); // half a transfer, committed
    }

    @RaceTest
    @DisplayName("Bob opens an account between Alice's two steps: Bob's call returns normally, Alice's deposit fails with 'No active transaction'")
    void bobOpensAnAccountBetweenAlicesTwoStepsWhatEachIsTold(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Gap aliceBetweenSteps = new Gap(1);
        try (var bank = new Scenario08_FixedWithALock(db.sessionFactory())) {
            Actor<Void> transfer = stage.run(ALICE, () -> Runs08_FixedWithALock.transferStepByStep(bank, alice, CAROL, 100, aliceBetweenSteps));
            aliceBetweenSteps.awaitReached();                      // withdrawn, not yet deposited: the lock is free
            Actor<Long> bob = stage.start(BOB, () -> bank.openAccount(BOB, 500));

            assertThat(bob.failure()).isNull();
            assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1000"); // published before Alice goes on
            aliceBetweenSteps.release();

            assertThat(transfer.failure()).isInstanceOf(TransactionRequiredException.class)
                    .hasMessage("No active transaction"); // her deposit's "select ... for update" finds the transaction gone
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1000");
    }

    @RaceTest
    @DisplayName("Bob's account is rejected between Alice's two steps: his locked rollback discards her withdrawal, her deposit fails with 'No active transaction'")
    void bobsAccountIsRejectedBetweenAlicesTwoSteps(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Gap aliceBetweenSteps = new Gap(1);
        try (var bank = new Scenario08_FixedWithALock(db.sessionFactory())) {
            Actor<Void> transfer = stage.run(ALICE, () -> Runs08_FixedWithALock.transferStepByStep(bank, alice, CAROL, 100, aliceBetweenSteps));
            aliceBetweenSteps.awaitReached();
            Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure(); // his rollback is the Session's
            aliceBetweenSteps.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(transfer.failure()).isInstanceOf(TransactionRequiredException.class)
                    .hasMessage("No active transaction"); // Bob's failure ended Alice's transfer
        }
        assertThat(balances(db)).containsExactly("Alice=1000", "Carol=1000");
    }

    @RaceTest
    @DisplayName("Bob's account is rejected, then he opens another, while Alice's new account awaits its commit: Alice's locked commit returns normally having committed Bob's account instead of hers")
    void bobsAccountIsRejectedWhileAlicesAccountAwaitsItsCommit(Stage stage) {
        Database db = stage.db();
        Gap aliceBeforeCommit = new Gap(1);
        Gap bobBeforeCommit = new Gap(1);
        try (var bank = new Scenario08_FixedWithALock(db.sessionFactory())) {
            Actor<Long> aliceOpens = stage.start(ALICE, () -> {
                var opening = bank.begin();
                long id = opening.open(ALICE, 1_000);
                aliceBeforeCommit.pass();
                opening.commit();
                return id;
            });
            aliceBeforeCommit.awaitReached();
            Throwable rejected = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure(); // his rollback is the Session's
            Actor<Long> bobOpens = stage.start(BOB + "-again", () -> {
                var opening = bank.begin();                         // a new transaction: Alice's is gone
                long id = opening.open(BOB, 500);
                bobBeforeCommit.pass();
                opening.commit();
                return id;
            });
            bobBeforeCommit.awaitReached();
            aliceBeforeCommit.release();
            long alicesId = aliceOpens.join();                     // a normal return, with an id
            bobBeforeCommit.release();

            assertThat(rejected).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(bobOpens.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started"); // Alice had already committed his account
            assertThat(db.queryForStrings("select owner_name from Account where id = ?", alicesId)).isEmpty(); // her id names no account
        }
        assertThat(balances(db)).containsExactly("Bob=500");       // Alice's account is gone, Bob's is there
    }

    @RaceTest
    @DisplayName("eight transfers wait between their two steps while Bob opens an account: his one locked commit publishes all eight withdrawals, every deposit fails with 'No active transaction'; 800 cents vanish")
    void eightTransfersWaitBetweenTheirStepsWhileBobOpensAnAccount(Stage stage) {
        Database db = stage.db();
        List<Long> payers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            payers.add(open(db, "payer-" + i, 1_000));
        }
        open(db, "bank", 0);
        Gap betweenSteps = new Gap(8);
        try (var bank = new Scenario08_FixedWithALock(db.sessionFactory())) {
            List<Actor<Void>> transfers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long payer = payers.get(i);
                transfers.add(stage.run("payer-" + (i + 1), () -> Runs08_FixedWithALock.transferStepByStep(bank, payer, "bank", 100, betweenSteps)));
            }
            betweenSteps.awaitReached();
            stage.start(BOB, () -> bank.openAccount(BOB, 500)).join();
            betweenSteps.release();

            assertThat(transfers).allSatisfy(transfer -> assertThat(transfer.failure())
                    .isInstanceOf(TransactionRequiredException.class).hasMessage("No active transaction"));
        }
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like ?", "payer-%"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = ?", "bank")).isZero();
    }
}

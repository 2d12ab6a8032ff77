package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.BankRun;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.AssertionFailure;
import org.hibernate.Transaction;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 2, broken: two threads, one Session, one transaction")
class Scenario02_OneTransactionTwoOwnersTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String CAROL = "Carol";
    /** The transfer's second step, finding the payee; its auto-flush has written step 1. */
    private static final String LOOKING_UP_THE_PAYEE = BankRun.PAYEE_LOOKUP_SQL;
    /** The auto-flush of step 2 writing the withdrawal of step 1. */
    private static final String WRITING_THE_WITHDRAWAL = "update Account";

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
    @DisplayName("Bob begins while Alice's transfer is open: beginTransaction() hands him Alice's active transaction; getTransaction().begin() says 'Resource-local transaction already active'")
    void bobBeginsWhileAlicesTransferIsOpen(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Pause aliceBetweenSteps = stage.beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        try (var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory())) {
            Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
            aliceBetweenSteps.awaitReached();
            Transaction bobs = stage.start(BOB, bank.session::beginTransaction).join();

            assertThat(bobs.isActive()).isTrue();                    // he began nothing: it is Alice's transaction
            assertThat(bobs).isSameAs(bank.session.getTransaction());
            Throwable explicitBegin = stage.run(BOB + "-again", () -> bank.session.getTransaction().begin()).failure();
            assertThat(explicitBegin).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Resource-local transaction already active");

            aliceBetweenSteps.release();
            transfer.join();                                         // nobody committed in between: her transfer is whole
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
    }

    @RaceTest
    @DisplayName("Bob opens an account between Alice's two steps: his commit publishes her withdrawal without her deposit, 100 cents vanish; only Alice sees an exception")
    void bobOpensAnAccountBetweenAlicesTwoSteps(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_02.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo("100 cents vanished");
        assertThat(balances(stage.db())).containsExactly("Alice=900", "Bob=500", "Carol=1000"); // half a transfer, committed
    }

    @RaceTest
    @DisplayName("Bob opens an account between Alice's two steps: Bob's call returns normally, Alice's commit fails with 'Transaction not successfully started'")
    void bobOpensAnAccountBetweenAlicesTwoStepsWhatEachIsTold(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Pause aliceBetweenSteps = stage.beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        try (var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory())) {
            Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
            aliceBetweenSteps.awaitReached();                      // withdrawn and flushed, not yet deposited
            Actor<Long> bob = stage.start(BOB, () -> bank.openAccount(BOB, 500));

            assertThat(bob.failure()).isNull();
            assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1000"); // published before Alice goes on
            aliceBetweenSteps.release();

            assertThat(transfer.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started");
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1000");
    }

    @RaceTest
    @DisplayName("Bob's account is rejected between Alice's two steps: his rollback discards her flushed withdrawal, and her transfer fails with 'Transaction not successfully started'")
    void bobsAccountIsRejectedBetweenAlicesTwoSteps(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Pause aliceBetweenSteps = stage.beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        try (var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory())) {
            Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
            aliceBetweenSteps.awaitReached();                      // her UPDATE has run inside the shared transaction
            Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceBetweenSteps.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(transfer.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started"); // Bob's failure ended Alice's transfer
        }
        assertThat(balances(db)).containsExactly("Alice=1000", "Carol=1000");
    }

    @RaceTest
    @DisplayName("Bob's account is rejected while Alice's withdrawal UPDATE is on its way: the UPDATE is saved outside any transaction, her transfer fails with AssertionFailure, 100 cents vanish")
    void bobsAccountIsRejectedWhileAlicesWithdrawalIsOnItsWay(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Pause aliceBeforeUpdate = stage.beforeStatement(ALICE, WRITING_THE_WITHDRAWAL);
        try (var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory())) {
            Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
            aliceBeforeUpdate.awaitReached();                      // inside the auto-flush of step 2
            Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceBeforeUpdate.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(transfer.failure()).isInstanceOf(AssertionFailure.class)
                    .hasMessage("possible non thread safe access to session");
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1000");
    }

    @RaceTest
    @DisplayName("Bob's account is rejected while Alice's new account is about to be flushed: Alice's openAccount returns normally with an id, yet nothing was committed")
    void bobsAccountIsRejectedWhileAlicesCommitIsAboutToFlush(Stage stage) {
        Database db = stage.db();
        Pause aliceCommitting = stage.pauses().onEvent(Hook.FLUSH, ALICE, Object.class);
        try (var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory())) {
            Actor<Long> opening = stage.start(ALICE, () -> bank.openAccount(ALICE, 1_000));
            aliceCommitting.awaitReached();                        // her INSERT waits in the shared action queue
            Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceCommitting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            long id = opening.join();                              // a normal return, with an id...
            assertThat(db.queryForStrings("select concat(owner_name, '=', balance_cents) from Account where id = ?", id))
                    .isEmpty();                                    // ...that names no account
        }
        assertThat(db.countRows("Account")).isZero();
    }

    @RaceTest
    @DisplayName("eight transfers at once: Bob's one commit publishes all eight withdrawals and none of the deposits; 800 cents vanish")
    void eightTransfersAtOnce(Stage stage) {
        Database db = stage.db();
        List<Long> payers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            payers.add(open(db, "payer-" + i, 1_000));
        }
        open(db, "bank", 0);
        try (var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory())) {
            List<Pause> betweenSteps = new ArrayList<>();
            List<Actor<Void>> transfers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {   // one after the other into the gap between their two steps
                String name = "payer-" + (i + 1);
                long payer = payers.get(i);
                Pause pause = stage.beforeStatement(name, LOOKING_UP_THE_PAYEE);
                transfers.add(stage.run(name, () -> bank.transfer(payer, "bank", 100)));
                pause.awaitReached();
                betweenSteps.add(pause);
            }
            stage.start(BOB, () -> bank.openAccount(BOB, 500)).join();
            for (int i = 0; i < 8; i++) {
                betweenSteps.get(i).release();
                assertThat(transfers.get(i).failure()).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Transaction not successfully started");
            }
        }
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like ?", "payer-%"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = ?", "bank")).isZero();
    }
}

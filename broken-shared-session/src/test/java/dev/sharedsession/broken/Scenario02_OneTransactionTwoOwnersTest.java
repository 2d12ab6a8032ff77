package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Account;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.AssertionFailure;
import org.hibernate.Session;
import org.hibernate.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 2, broken: two threads, one Session, one transaction")
class Scenario02_OneTransactionTwoOwnersTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final Duration LIMIT = Race.TIMEOUT;
    /** The query of the transfer's second step (finding the payee); its auto-flush has written step 1. */
    private static final String STEP_TWO = "where a1_0.owner_name=?";

    private static long open(Database db, String owner, long cents) {
        return db.sessionFactory().fromTransaction(session -> {
            Account account = new Account(owner, cents);
            session.persist(account);
            return account.getId();
        });
    }

    private static List<String> balances(Database db) {
        return db.queryForStrings("select owner_name || '=' || balance_cents from Account order by owner_name");
    }

    @RaceTest
    @DisplayName("Bob begins while Alice's transfer is open: beginTransaction() hands him Alice's active transaction; getTransaction().begin() says 'Resource-local transaction already active'")
    void bobBeginsWhileAlicesTransferIsOpen(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, STEP_TWO);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(shared);

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBetweenSteps.awaitReached();
            Actor<Transaction> bob = race.start(BOB, shared::beginTransaction);
            Transaction bobs = bob.join();

            assertThat(bobs.isActive()).isTrue();                    // he began nothing: it is Alice's transaction
            assertThat(bobs).isSameAs(shared.getTransaction());
            Throwable explicitBegin = race.run(BOB + "-again", () -> shared.getTransaction().begin()).failure();
            assertThat(explicitBegin).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Resource-local transaction already active");

            aliceBetweenSteps.release();
            transfer.join();                                         // nobody committed in between: her transfer is whole
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
    }

    @RaceTest
    @DisplayName("Bob commits between Alice's two steps: his commit publishes her withdrawal without her deposit, 100 cents vanish; only Alice sees an exception, 'Transaction not successfully started'")
    void bobsCommitPublishesAlicesHalfDoneTransfer(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, STEP_TWO);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(shared);

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBetweenSteps.awaitReached();                      // withdrawn and flushed, not yet deposited
            race.start(BOB, () -> bank.openAccount(BOB, 500)).join(); // returns normally

            assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1000"); // half a transfer, committed
            aliceBetweenSteps.release();

            assertThat(transfer.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started");
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1000");
        assertThat(db.queryForLong("select sum(balance_cents) from Account where owner_name <> 'Bob'")).isEqualTo(1_900);
    }

    @RaceTest
    @DisplayName("Bob's account is rejected between Alice's two steps: his rollback discards her flushed withdrawal, and her transfer fails with 'Transaction not successfully started'")
    void bobsRollbackDiscardsAlicesFlushedWithdrawal(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, STEP_TWO);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(shared);

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBetweenSteps.awaitReached();                      // her UPDATE has run inside the shared transaction
            Throwable bobsFailure = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceBetweenSteps.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(transfer.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started"); // Bob's failure ended Alice's transfer
        }
        assertThat(balances(db)).containsExactly("Alice=1000", "Carol=1000");
    }

    @RaceTest
    @DisplayName("Bob's rollback lands while Alice's withdrawal UPDATE is on its way: the UPDATE is saved outside any transaction, her transfer fails with AssertionFailure, 100 cents vanish")
    void bobsRollbackLandsInTheMiddleOfAlicesFlush(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, "update Account");
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(shared);

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBeforeUpdate.awaitReached();                      // inside the auto-flush of step 2
            Throwable bobsFailure = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceBeforeUpdate.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            assertThat(transfer.failure()).isInstanceOf(AssertionFailure.class)
                    .hasMessage("possible non thread safe access to session");
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1000");
    }

    @RaceTest
    @DisplayName("Bob's account is rejected while Alice's commit is about to flush: Alice's openAccount returns normally with an id, yet nothing was committed")
    void aCommitThatCommitsNothing(Database db) {
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(shared);

            Actor<Long> opening = race.start(ALICE, () -> bank.openAccount(ALICE, 1_000));
            aliceCommitting.awaitReached();                        // her INSERT waits in the shared action queue
            Throwable bobsFailure = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceCommitting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            assertThat(opening.join()).isNotNull();                // a normal return, with an id...
        }
        assertThat(db.countRows("Account")).isZero();             // ...and no account
    }

    @RaceTest
    @DisplayName("eight transfers at once: Bob's one commit publishes all eight withdrawals and none of the deposits; 800 cents vanish")
    void eightTransfersAtOnce(Database db) {
        List<Long> payers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            payers.add(open(db, "payer-" + i, 1_000));
        }
        open(db, "bank", 0);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(shared);

            List<Pause> betweenSteps = new ArrayList<>();
            List<Actor<Void>> transfers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {   // one after the other into the gap between their two steps
                String name = "payer-" + (i + 1);
                long payer = payers.get(i);
                Pause pause = PausePoints.of(db).beforeStatement(name, STEP_TWO);
                transfers.add(race.run(name, () -> bank.transfer(payer, "bank", 100)));
                pause.awaitReached();
                betweenSteps.add(pause);
            }
            race.start(BOB, () -> bank.openAccount(BOB, 500)).join();
            for (int i = 0; i < 8; i++) {
                betweenSteps.get(i).release();
                assertThat(transfers.get(i).failure()).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Transaction not successfully started");
            }
        }
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like 'payer-%'"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = 'bank'")).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many go wrong is the scheduler's choice, not asserted)")
    void uncoordinatedTransfersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario02-natural"),
                Scenario02_OneTransactionTwoOwners::runNaturally);

        System.out.println("natural runs of transfers through one shared Session: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob opens an account between the two steps of Alice's transfer to Carol: '100 cents vanished'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario02_OneTransactionTwoOwners.runForced(db).label())
                .isEqualTo("100 cents vanished");
    }
}

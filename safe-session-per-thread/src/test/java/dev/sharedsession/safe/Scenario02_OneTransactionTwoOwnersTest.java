package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Account;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import dev.sharedsession.runs.BankRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Scenario 2, safe: each thread its own Session and its own transaction")
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
    @DisplayName("Bob begins while Alice's transfer is open: his own Session has no transaction until he begins one, and it is his alone")
    void bobBeginsWhileAlicesTransferIsOpen(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, STEP_TWO);
        try (Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBetweenSteps.awaitReached();
            Actor<Boolean> bob = race.start(BOB, () -> {
                try (Session own = db.sessionFactory().openSession()) {
                    boolean activeBeforeHeBegan = own.getTransaction().isActive();
                    own.getTransaction().begin();   // a transaction of his own, on a connection of his own
                    own.getTransaction().commit();
                    return activeBeforeHeBegan;
                }
            });

            assertThat(bob.join()).isFalse();
            aliceBetweenSteps.release();
            transfer.join();
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob commits between Alice's two steps: his commit publishes only his account; Alice's transfer commits whole, no money vanishes")
    void bobsCommitPublishesAlicesHalfDoneTransfer(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, STEP_TWO);
        try (Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBetweenSteps.awaitReached();                      // withdrawn and flushed, in her own transaction
            race.start(BOB, () -> bank.openAccount(BOB, 500)).join();

            assertThat(balances(db)).containsExactly("Alice=1000", "Bob=500", "Carol=1000"); // her half transfer is invisible
            aliceBetweenSteps.release();

            assertThat(transfer.failure()).isNull();
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1100");
        assertThat(db.queryForLong("select sum(balance_cents) from Account where owner_name <> 'Bob'")).isEqualTo(2_000);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's account is rejected between Alice's two steps: his rollback discards only his account; Alice's transfer commits whole")
    void bobsRollbackDiscardsAlicesFlushedWithdrawal(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, STEP_TWO);
        try (Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBetweenSteps.awaitReached();
            Throwable bobsFailure = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceBetweenSteps.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(transfer.failure()).isNull();
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's rollback lands while Alice's withdrawal UPDATE is on its way: it cannot reach her transaction; her transfer commits whole")
    void bobsRollbackLandsInTheMiddleOfAlicesFlush(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, "update Account");
        try (Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBeforeUpdate.awaitReached();
            Throwable bobsFailure = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceBeforeUpdate.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            assertThat(transfer.failure()).isNull();
        }
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's account is rejected while Alice's commit is about to flush: Alice's account is committed")
    void aCommitThatCommitsNothing(Database db) {
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Race race = Race.bounded()) {
            var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());

            Actor<Long> opening = race.start(ALICE, () -> bank.openAccount(ALICE, 1_000));
            aliceCommitting.awaitReached();
            Throwable bobsFailure = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            aliceCommitting.release();

            assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class);
            long id = opening.join();
            assertThat(db.queryForStrings("select owner_name || '=' || balance_cents from Account where id = " + id))
                    .containsExactly("Alice=1000");
        }
        assertThat(db.countRows("Account")).isEqualTo(1);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight payers at once, ten transfers of 10 cents each to the bank: every payer ends at 900, the bank at 800, no money vanishes, no connection leaks")
    void eightTransfersAtOnce(Database db) {
        List<Long> payers = BankRun.openAccounts(db, 8);
        BankRun.payAllAtOnce(payers, new Scenario02_OneTransactionTwoOwners(db.sessionFactory()), 10, 10); // all eight start at once
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like 'payer-%'"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = 'bank'")).isEqualTo(800);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedTransfersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario02-natural"),
                Scenario02_OneTransactionTwoOwners::runNaturally);

        System.out.println("natural runs of transfers, a Session each: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok includes: money conserved, bank as reported, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob opens an account between the two steps of Alice's transfer to Carol: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario02_OneTransactionTwoOwners.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} payer(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 payer(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario02-threads")) {
            assertThat(Scenario02_OneTransactionTwoOwners.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario02_OneTransactionTwoOwners.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

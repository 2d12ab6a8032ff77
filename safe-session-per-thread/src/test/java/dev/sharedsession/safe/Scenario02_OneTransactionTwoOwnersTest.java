package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.BankRun;
import dev.sharedsession.runs.Runs02_OneTransactionTwoOwners;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 2, safe: each thread its own Session and its own transaction")
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
    @DisplayName("Bob begins while Alice's transfer is open: his own Session has no transaction until he begins one, and it is his alone")
    void bobBeginsWhileAlicesTransferIsOpen(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Pause aliceBetweenSteps = stage.beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());
        Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
        aliceBetweenSteps.awaitReached();
        Actor<Boolean> bob = stage.start(BOB, () -> {
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
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob opens an account between Alice's two steps: his commit publishes only his account; Alice's transfer commits whole, no money vanishes")
    void bobOpensAnAccountBetweenAlicesTwoSteps(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_02.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

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
        Pause aliceBetweenSteps = stage.beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());
        Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
        aliceBetweenSteps.awaitReached();                      // withdrawn and flushed, in her own transaction
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
        Pause aliceBetweenSteps = stage.beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());
        Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
        aliceBetweenSteps.awaitReached();
        Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
        aliceBetweenSteps.release();

        assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an account cannot open with a negative balance");
        assertThat(transfer.failure()).isNull();
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's account is rejected while Alice's withdrawal UPDATE is on its way: his rollback cannot reach her transaction; her transfer commits whole")
    void bobsAccountIsRejectedWhileAlicesWithdrawalIsOnItsWay(Stage stage) {
        Database db = stage.db();
        long alice = open(db, ALICE, 1_000);
        open(db, CAROL, 1_000);
        Pause aliceBeforeUpdate = stage.beforeStatement(ALICE, WRITING_THE_WITHDRAWAL);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());
        Actor<Void> transfer = stage.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
        aliceBeforeUpdate.awaitReached();                      // inside the auto-flush of step 2
        Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
        aliceBeforeUpdate.release();

        assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an account cannot open with a negative balance");
        assertThat(transfer.failure()).isNull();
        assertThat(balances(db)).containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's account is rejected while Alice's new account is about to be flushed: Alice's account is committed")
    void bobsAccountIsRejectedWhileAlicesCommitIsAboutToFlush(Stage stage) {
        Database db = stage.db();
        Pause aliceCommitting = stage.pauses().onEvent(Hook.FLUSH, ALICE, Object.class);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());
        Actor<Long> opening = stage.start(ALICE, () -> bank.openAccount(ALICE, 1_000));
        aliceCommitting.awaitReached();                        // her INSERT waits in her own action queue
        Throwable bobsFailure = stage.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
        aliceCommitting.release();

        assertThat(bobsFailure).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an account cannot open with a negative balance");
        long id = opening.join();
        assertThat(db.queryForStrings("select concat(owner_name, '=', balance_cents) from Account where id = ?", id))
                .containsExactly("Alice=1000");
        assertThat(db.countRows("Account")).isEqualTo(1);
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight transfers at once: eight payers, ten transfers of 10 cents each to the bank; every payer ends at 900, the bank at 800, no money vanishes, no connection leaks")
    void eightTransfersAtOnce(Stage stage) {
        Database db = stage.db();
        List<Long> payers = BankRun.openAccounts(db, 8);
        // nothing to close: each unit of work closes its own Session
        var bank = new Scenario02_OneTransactionTwoOwners(db.sessionFactory());
        BankRun.payAllAtOnce(stage, payers, bank, 10, 10); // all eight start at once
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like ?", "payer-%"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = ?", "bank")).isEqualTo(800);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (money conserved, the bank as reported, no connection leaked)")
    void uncoordinatedTransfersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario02-natural"),
                Bindings.SCENARIO_02.naturalRun(Runs02_OneTransactionTwoOwners.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight payers and Bob at once, nothing forced: every transfer arrives, the bank holds 8 x 5 x 10 cents")
    void naturalRunOfEightPayers(Stage stage) {
        assertThat(Bindings.SCENARIO_02.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForLong("select balance_cents from Account where owner_name = ?", "bank"))
                .isEqualTo(8 * BankRun.TRANSFERS_EACH * BankRun.CENTS);
        assertThat(stage.db().queryForStrings("select concat(owner_name, '=', balance_cents) from Account where owner_name like ? order by owner_name", "Bob%"))
                .containsExactly("Bob=500", "Bob 3=700"); // his second try, -5 cents, was refused
        assertThat(stage.db().activeConnections()).isZero();
    }
}

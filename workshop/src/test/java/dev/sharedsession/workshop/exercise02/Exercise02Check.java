package dev.sharedsession.workshop.exercise02;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.BankRun;
import dev.sharedsession.safe.Scenario02_OneTransactionTwoOwners;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exercise 2's check: run it with {@code ./exercise check 2}. Its threads run on a {@link Stage},
 * so that a thread the session guard stops before its pause ends the wait for it at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Exercise 2: one transaction, two owners")
class Exercise02Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(2);

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String CAROL = "Carol";
    /** The transfer's second step, looking up the payee: its auto-flush has written step 1. */
    private static final String LOOKING_UP_THE_PAYEE = BankRun.PAYEE_LOOKUP_SQL;
    /** That auto-flush writing Alice's withdrawal. */
    private static final String WRITING_THE_WITHDRAWAL = "update Account";
    /** The starting point's bank Session, opened on the check's thread, refused to Alice's. */
    private static final String ALICE_REFUSED = "'Alice' ended first, with SessionSharedAcrossThreadsException: "
            + "Session used by thread 'Alice' in Session.beginTransaction, but it belongs to thread 'main' (session guard: CONFINED)";

    private static BankDesk bank(Subject subject, SessionFactory sessionFactory) {
        return subject.<BankDesk>pick(() -> new SmallBank(sessionFactory),
                // the solution has nothing to close: each unit of work committed and closed its own Session
                () -> Subject.delegating(BankDesk.class, new Scenario02_OneTransactionTwoOwners(sessionFactory), "close"), sessionFactory);
    }

    /** Alice's and Carol's accounts, 1000 cents each; returns Alice's id. */
    private static long aliceAndCarol(Database db) {
        return db.sessionFactory().fromTransaction(session -> {
            Account alice = new Account(ALICE, 1_000);
            session.persist(alice);
            session.persist(new Account(CAROL, 1_000));
            return alice.getId();
        });
    }

    private static List<String> balances(Database db) {
        return db.queryForStrings("select concat(owner_name, '=', balance_cents) from Account order by owner_name");
    }

    @Test
    @Order(1)
    @OnTheStartingPoint(fails = ALICE_REFUSED)
    @DisplayName("Bob opens an account while Alice's transfer is between its two steps: both return normally; Alice 900, Bob 500, Carol 1100")
    void bobOpensAnAccountBetweenAlicesTwoSteps(Database db, Subject subject) {
        long alice = aliceAndCarol(db);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        try (Stage race = new Stage(db); BankDesk bank = bank(subject, db.sessionFactory())) {
            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
            aliceBetweenSteps.awaitReached();                 // withdrawn and written, not yet deposited
            Actor<Long> bob = race.start(BOB, () -> bank.openAccount(BOB, 500));
            assertThat(Ending.of(bob)).as("how Bob's opening of his account ended").isEqualTo(Ending.COMPLETED);
            aliceBetweenSteps.release();

            assertThat(Ending.of(transfer)).as("how Alice's transfer ended (Bob opened an account between her two steps)")
                    .isEqualTo(Ending.COMPLETED);
        }
        assertThat(balances(db)).as("the balances in the database").containsExactly("Alice=900", "Bob=500", "Carol=1100");
        assertThat(db.activeConnections()).as("pooled connections still checked out after the bank closed").isZero();
    }

    @Test
    @Order(2)
    @OnTheStartingPoint(fails = ALICE_REFUSED)
    @DisplayName("Bob's account is refused while Alice's transfer is between its two steps: Bob hears why, Alice's transfer completes; Alice 900, Carol 1100")
    void bobsAccountIsRefusedBetweenAlicesTwoSteps(Database db, Subject subject) {
        long alice = aliceAndCarol(db);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        try (Stage race = new Stage(db); BankDesk bank = bank(subject, db.sessionFactory())) {
            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
            aliceBetweenSteps.awaitReached();
            Actor<Long> bob = race.start(BOB, () -> bank.openAccount(BOB, -5));
            assertThat(Ending.of(bob)).as("how Bob's opening of an account with -5 cents ended")
                    .isEqualTo("failed: java.lang.IllegalArgumentException: an account cannot open with a negative balance");
            aliceBetweenSteps.release();

            assertThat(Ending.of(transfer)).as("how Alice's transfer ended (Bob's account was refused between her two steps)")
                    .isEqualTo(Ending.COMPLETED);
        }
        assertThat(balances(db)).as("the balances in the database").containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).as("pooled connections still checked out after the bank closed").isZero();
    }

    @Test
    @Order(3)
    @OnTheStartingPoint(fails = ALICE_REFUSED)
    @DisplayName("Bob's account is refused while Alice's withdrawal UPDATE is on its way: Alice's transfer completes; Alice 900, Carol 1100")
    void bobsAccountIsRefusedWhileAlicesWithdrawalIsOnItsWay(Database db, Subject subject) {
        long alice = aliceAndCarol(db);
        Pause aliceBeforeUpdate = PausePoints.of(db).beforeStatement(ALICE, WRITING_THE_WITHDRAWAL);
        try (Stage race = new Stage(db); BankDesk bank = bank(subject, db.sessionFactory())) {
            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, CAROL, 100));
            aliceBeforeUpdate.awaitReached();                 // inside the auto-flush of step 2
            Actor<Long> bob = race.start(BOB, () -> bank.openAccount(BOB, -5));
            assertThat(Ending.of(bob)).as("how Bob's opening of an account with -5 cents ended")
                    .isEqualTo("failed: java.lang.IllegalArgumentException: an account cannot open with a negative balance");
            aliceBeforeUpdate.release();

            assertThat(Ending.of(transfer)).as("how Alice's transfer ended (Bob's account was refused while her withdrawal was being written)")
                    .isEqualTo(Ending.COMPLETED);
        }
        assertThat(balances(db)).as("the balances in the database").containsExactly("Alice=900", "Carol=1100");
        assertThat(db.activeConnections()).as("pooled connections still checked out after the bank closed").isZero();
    }

    @Test
    @Order(4)
    @OnTheStartingPoint(fails = ALICE_REFUSED)
    @DisplayName("Alice pays Dan, who has no account, and Bob opens an account between her two steps: her transfer fails, her 100 cents stay hers;"
            + " Alice 1000, Bob 500, Carol 1000")
    void aFailedTransferMovesNothing(Database db, Subject subject) {
        long alice = aliceAndCarol(db);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, LOOKING_UP_THE_PAYEE);
        try (Stage race = new Stage(db); BankDesk bank = bank(subject, db.sessionFactory())) {
            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Dan", 100));
            aliceBetweenSteps.awaitReached();                 // withdrawn, about to look Dan up
            Actor<Long> bob = race.start(BOB, () -> bank.openAccount(BOB, 500));
            assertThat(Ending.of(bob)).as("how Bob's opening of his account ended").isEqualTo(Ending.COMPLETED);
            aliceBetweenSteps.release();

            assertThat(Ending.of(transfer)).as("how Alice's transfer to Dan, who has no account, ended")
                    .startsWith("failed: jakarta.persistence.NoResultException");
        }
        assertThat(balances(db)).as("the balances in the database after Alice's failed transfer").containsExactly("Alice=1000", "Bob=500", "Carol=1000");
        assertThat(db.activeConnections()).as("pooled connections still checked out after the bank closed").isZero();
    }
}

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Account;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.RaceTimeoutException;
import dev.sharedsession.common.race.Tally;
import jakarta.persistence.TransactionRequiredException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every call on the shared Session is locked, so Hibernate's pause points (which fire inside a
 * call, with the lock held) cannot open a gap between two calls. The threads here run the same
 * calls as {@code transfer} and {@code openAccount}, one by one, and wait on a latch in the gap
 * between two calls: exactly where the lock is free.
 */
@DisplayName("Scenario 8, broken: one shared Session, every call on it locked")
class Scenario08_FixedWithALockTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final Duration LIMIT = Race.TIMEOUT;

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

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new RaceTimeoutException("latch not opened within " + LIMIT);
        }
    }

    /** The calls of {@code transfer}, with a wait in the gap between its two steps. */
    private static void transferWaitingBetweenSteps(Scenario08_FixedWithALock bank, long from, String payee, long cents,
                                                    CountDownLatch stepOneDone, CountDownLatch goOn) throws InterruptedException {
        bank.begin();
        try {
            bank.withdraw(from, cents);
            stepOneDone.countDown();
            await(goOn);                 // between two locked calls: the lock is free
            bank.deposit(payee, cents);
            bank.commit();
        } catch (RuntimeException e) {
            bank.rollback();
            throw e;
        }
    }

    /** The calls of {@code openAccount}, with a wait in the gap before its commit. */
    private static long openAccountWaitingBeforeCommit(Scenario08_FixedWithALock bank, String owner, long cents,
                                                       CountDownLatch opened, CountDownLatch goOn) throws InterruptedException {
        bank.begin();
        try {
            long id = bank.open(owner, cents);
            opened.countDown();
            await(goOn);
            bank.commit();
            return id;
        } catch (RuntimeException e) {
            bank.rollback();
            throw e;
        }
    }

    @RaceTest
    @DisplayName("Bob's locked commit lands between Alice's two locked steps: it publishes her withdrawal without her deposit, 100 cents vanish; Alice's deposit fails with 'No active transaction'")
    void bobCommitsBetweenAlicesSteps(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        CountDownLatch stepOneDone = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario08_FixedWithALock(shared);

            Actor<Void> transfer = race.run(ALICE, () -> transferWaitingBetweenSteps(bank, alice, "Carol", 100, stepOneDone, goOn));
            await(stepOneDone);
            race.start(BOB, () -> bank.openAccount(BOB, 500)).join(); // returns normally

            assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1000"); // half a transfer, committed
            goOn.countDown();

            assertThat(transfer.failure()).isInstanceOf(TransactionRequiredException.class)
                    .hasMessage("No active transaction"); // her deposit's "select ... for update" finds the transaction gone
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(db.queryForLong("select sum(balance_cents) from Account where owner_name <> 'Bob'")).isEqualTo(1_900);
    }

    @RaceTest
    @DisplayName("Bob's rejected account rolls back Alice's open account, then Alice's locked commit returns normally having committed Bob's next account instead of hers")
    void aLockedCommitCommitsSomebodyElsesWork(Database db) {
        CountDownLatch aliceOpened = new CountDownLatch(1);
        CountDownLatch aliceGoOn = new CountDownLatch(1);
        CountDownLatch bobOpened = new CountDownLatch(1);
        CountDownLatch bobGoOn = new CountDownLatch(1);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario08_FixedWithALock(shared);

            Actor<Long> aliceOpens = race.start(ALICE, () -> openAccountWaitingBeforeCommit(bank, ALICE, 1_000, aliceOpened, aliceGoOn));
            await(aliceOpened);
            Throwable rejected = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure(); // his rollback is the Session's rollback
            Actor<Long> bobOpens = race.start(BOB + "-again", () -> openAccountWaitingBeforeCommit(bank, BOB, 500, bobOpened, bobGoOn));
            await(bobOpened);
            aliceGoOn.countDown();
            Long alicesId = aliceOpens.join();                     // a normal return, with an id
            bobGoOn.countDown();

            assertThat(rejected).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(alicesId).isNotNull();
            assertThat(bobOpens.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started"); // Alice had already committed his account
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(balances(db)).containsExactly("Bob=500");       // Alice's account is gone, Bob's is there
    }

    @RaceTest
    @DisplayName("eight transfers with every call locked, Bob commits once in the gap: all eight withdrawals are published, every deposit fails with 'No active transaction'; 800 cents vanish")
    void eightTransfersAtOnce(Database db) {
        List<Long> payers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            payers.add(open(db, "payer-" + i, 1_000));
        }
        open(db, "bank", 0);
        CountDownLatch stepOneDone = new CountDownLatch(8);
        CountDownLatch goOn = new CountDownLatch(1);
        try (Session shared = db.sessionFactory().openSession(); Race race = Race.bounded()) {
            var bank = new Scenario08_FixedWithALock(shared);

            List<Actor<Void>> transfers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long payer = payers.get(i);
                transfers.add(race.run("payer-" + (i + 1), () -> transferWaitingBetweenSteps(bank, payer, "bank", 100, stepOneDone, goOn)));
            }
            await(stepOneDone);
            race.start(BOB, () -> bank.openAccount(BOB, 500)).join();
            goOn.countDown();

            assertThat(transfers).allSatisfy(transfer -> assertThat(transfer.failure())
                    .isInstanceOf(TransactionRequiredException.class).hasMessage("No active transaction"));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like 'payer-%'"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = 'bank'")).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many go wrong is the scheduler's choice, not asserted)")
    void uncoordinatedTransfersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario08-natural"),
                Scenario08_FixedWithALock::runNaturally);

        System.out.println("natural runs of transfers through one locked Session: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob opens an account between the two locked steps of Alice's transfer to Carol: '100 cents vanished'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario08_FixedWithALock.runForced(db).label())
                .isEqualTo("100 cents vanished");
    }
}

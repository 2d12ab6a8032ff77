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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No lock here, so the gaps are opened with Hibernate's pause points: Alice stops inside her
 * own unit of work, exactly where the broken side's threads wait between two locked calls.
 */
@DisplayName("Scenario 8, safe: no lock, a Session per thread")
class Scenario08_FixedWithALockTest {

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
    @DisplayName("Bob commits between Alice's two steps: his commit holds only his account; Alice's transfer commits whole, no money vanishes")
    void bobCommitsBetweenAlicesSteps(Database db) {
        long alice = open(db, ALICE, 1_000);
        open(db, "Carol", 1_000);
        Pause aliceBetweenSteps = PausePoints.of(db).beforeStatement(ALICE, STEP_TWO);
        try (Race race = Race.bounded()) {
            var bank = new Scenario08_FixedWithALock(db.sessionFactory());

            Actor<Void> transfer = race.run(ALICE, () -> bank.transfer(alice, "Carol", 100));
            aliceBetweenSteps.awaitReached();
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
    @DisplayName("Bob's rejected account and his next one come while Alice's commit is about to flush: Alice's commit commits her account, Bob's commit his")
    void aLockedCommitCommitsSomebodyElsesWork(Database db) {
        Pause aliceCommitting = PausePoints.of(db).onEvent(Hook.FLUSH, ALICE, Object.class);
        try (Race race = Race.bounded()) {
            var bank = new Scenario08_FixedWithALock(db.sessionFactory());

            Actor<Long> aliceOpens = race.start(ALICE, () -> bank.openAccount(ALICE, 1_000));
            aliceCommitting.awaitReached();
            Throwable rejected = race.start(BOB, () -> bank.openAccount(BOB, -5)).failure();
            Long bobsId = race.start(BOB + "-again", () -> bank.openAccount(BOB, 500)).join();
            aliceCommitting.release();
            Long alicesId = aliceOpens.join();

            assertThat(rejected).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an account cannot open with a negative balance");
            assertThat(db.queryForStrings("select owner_name from Account where id = " + alicesId)).containsExactly(ALICE);
            assertThat(db.queryForStrings("select owner_name from Account where id = " + bobsId)).containsExactly(BOB);
        }
        assertThat(balances(db)).containsExactly("Alice=1000", "Bob=500");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight payers at once, ten transfers of 10 cents each to the bank, no lock in Java: every payer ends at 900, the bank at 800, no connection leaks")
    void eightTransfersAtOnce(Database db) {
        List<Long> payers = BankRun.openAccounts(db, 8);
        BankRun.payAllAtOnce(payers, new Scenario08_FixedWithALock(db.sessionFactory()), 10, 10); // all eight start at once
        assertThat(db.queryForStrings("select balance_cents from Account where owner_name like 'payer-%'"))
                .hasSize(8).containsOnly("900");
        assertThat(db.queryForLong("select balance_cents from Account where owner_name = 'bank'")).isEqualTo(800);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedTransfersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario08-natural"),
                Scenario08_FixedWithALock::runNaturally);

        System.out.println("natural runs of transfers, a Session each and no lock: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok includes: money conserved, bank as reported, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob opens an account between the two locked steps of Alice's transfer to Carol: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario08_FixedWithALock.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(balances(db)).containsExactly("Alice=900", "Bob=500", "Carol=1100");
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} payer(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 payer(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario08-threads")) {
            assertThat(Scenario08_FixedWithALock.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario08_FixedWithALock.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

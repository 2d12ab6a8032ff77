package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs15_LockWaitOnTheServer;
import dev.sharedsession.runs.Runs15_LockWaitOnTheServer.Costs;
import dev.sharedsession.runs.Runs15_LockWaitOnTheServer.Headline;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import dev.sharedsession.testsupport.junit.SqlError;
import java.util.Map;
import org.hibernate.JDBCException;
import org.hibernate.exception.LockTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 15, safe: a Session per request while one of them waits for a row lock")
class Scenario15_LockWaitOnTheServerTest {

    /** Alice's lock timeout, as each database reports it (SQLState, vendor code). */
    static SqlError lockTimeout(Database db) {
        return PerDatabase.pick(db, new SqlError("HYT00", 50200), new SqlError("55P03", 0), new SqlError("HY000", 1205));
    }

    /** Alice's locking read, as each dialect writes it. */
    static String lockingRead(Database db) {
        String select = "select a1_0.id,a1_0.balance_cents,a1_0.owner_name from Account a1_0 where a1_0.id=? ";
        return select + PerDatabase.pick(db, "for update wait 2", "for no key update of a1_0", "for update wait 2");
    }

    @RaceTest
    @DisplayName("Alice waits for a row the month-end job locked, Bob deposits on his own account: Bob's deposit is committed while Alice waits; her timeout rolls back her request alone")
    void oneRequestWaitsForARowLockAnotherNeedsNone(Stage stage) {
        Database db = stage.db();
        Headline headline = Bindings.SCENARIO_15.headline(stage); // the headline interleaving, as ./lab --mode forced runs it
        Outcome outcome = headline.outcome();
        Costs costs = headline.costs();

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(costs.alice()).isInstanceOf(LockTimeoutException.class);
        assertThat(((JDBCException) costs.alice()).getSQL()).isEqualTo(lockingRead(db));
        assertThat(SqlError.of(costs.alice())).isEqualTo(lockTimeout(db));
        assertThat(costs.bob()).isNull();
        assertThat(costs.aliceStillWaitingWhenBobEnded()).isTrue();
        assertThat(db.queryForStrings("select concat(owner_name, ' ', balance_cents) from Account order by owner_name"))
                .containsExactly("Alice 10000", "Bob 10300");
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (every deposit counted once)")
    void uncoordinatedDepositsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario15-natural"),
                Bindings.SCENARIO_15.naturalRun(Runs15_LockWaitOnTheServer.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight threads deposit at once, on their own accounts and a common one, nothing forced: every deposit counted once")
    void naturalRunOfEightThreads(Stage stage) throws Exception {
        assertThat(Bindings.SCENARIO_15.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForLong("select balance_cents from Account where owner_name = ?", "common"))
                .isEqualTo(Runs15_LockWaitOnTheServer.OPENING_CENTS + 8 * Runs15_LockWaitOnTheServer.DEPOSITS_PER_THREAD * 100);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

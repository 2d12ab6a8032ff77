package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs15_LockWaitOnTheServer.Costs;
import dev.sharedsession.runs.Runs15_LockWaitOnTheServer.Headline;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import dev.sharedsession.testsupport.junit.SqlError;
import org.hibernate.JDBCException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.LockTimeoutException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 15, broken: the requests share one Session while one of them waits for a row lock")
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
    @DisplayName("Alice waits for a row the month-end job locked, Bob deposits on his own account: Bob waits out Alice's lock timeout (on PostgreSQL he is then refused with 25P02)")
    void oneRequestWaitsForARowLockAnotherNeedsNone(Stage stage) {
        Database db = stage.db();
        Headline headline = Bindings.SCENARIO_15.headline(stage); // the headline interleaving, as ./lab --mode forced runs it
        Outcome outcome = headline.outcome();
        Costs costs = headline.costs();

        assertThat(costs.alice()).isInstanceOf(LockTimeoutException.class);
        assertThat(((JDBCException) costs.alice()).getSQL()).isEqualTo(lockingRead(db));
        assertThat(SqlError.of(costs.alice())).isEqualTo(lockTimeout(db));
        assertThat(costs.aliceStillWaitingWhenBobEnded()).isFalse(); // her wait ends only with her timeout
        if (PerDatabase.pick(db, false, true, false)) {
            // PostgreSQL: Alice's timeout aborted the shared transaction. Bob's lock request begins
            // with Hibernate asking the connection for its lock_timeout, and even that is refused: 25P02.
            assertThat(outcome.failure()).isInstanceOf(GenericJDBCException.class)
                    .hasMessageStartingWith("Unable to query JDBC Connection for current lock-timeout setting [");
            assertThat(SqlError.of(outcome.failure())).isEqualTo(new SqlError("25P02", 0));
            assertThat(db.queryForStrings("select concat(owner_name, ' ', balance_cents) from Account order by owner_name"))
                    .containsExactly("Alice 10000", "Bob 10000");
        } else {
            assertThat(outcome).isEqualTo(Outcome.wrong("Bob's request, on an account nobody locked, waited out Alice's lock timeout"));
            assertThat(db.queryForStrings("select concat(owner_name, ' ', balance_cents) from Account order by owner_name"))
                    .containsExactly("Alice 10000", "Bob 10300");
        }
    }
}

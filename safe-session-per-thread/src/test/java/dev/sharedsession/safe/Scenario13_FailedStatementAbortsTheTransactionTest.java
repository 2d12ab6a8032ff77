package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction.Headline;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import dev.sharedsession.testsupport.junit.SqlError;
import java.util.Map;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 13, safe: a Session and a transaction per request")
class Scenario13_FailedStatementAbortsTheTransactionTest {

    private static final String ALICE = "Alice";
    private static final String DAVE = "Dave";
    private static final String INSERT_ACCOUNT = "insert into Account (balance_cents,owner_name,id) values (?,?,?)";

    /**
     * Bob's unique-key violation, as each database reports it (SQLState, vendor code): MariaDB's
     * SQLState is the class's, 23000; its code 1062 says "duplicate entry".
     */
    static SqlError takenName(Database db) {
        return PerDatabase.pick(db, new SqlError("23505", 23505), new SqlError("23505", 0), new SqlError("23000", 1062));
    }

    @RaceTest
    @DisplayName("Bob's request fails on a taken name, then Carol reads and the batch commits: Bob's request rolls back alone, Alice's account and Carol's are there")
    void oneRequestFailsInTheMiddleOfTheBatch(Stage stage) {
        Database db = stage.db();
        Headline headline = Bindings.SCENARIO_13.headline(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(headline.outcome()).isEqualTo(Outcome.ok());
        assertThat(headline.steps().carol()).isNull();
        assertThat(db.queryForStrings("select concat(owner_name, ' ', balance_cents) from Account order by owner_name"))
                .containsExactly("Alice 10000", "Carol 7000");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's request fails on a taken name: he sees his own unique-key violation")
    void theFailingRequestSeesItsOwnError(Stage stage) {
        Database db = stage.db();
        Throwable bob = Bindings.SCENARIO_13.headline(stage).steps().bob();

        assertThat(bob).isInstanceOf(ConstraintViolationException.class);
        assertThat(((JDBCException) bob).getSQL()).isEqualTo(INSERT_ACCOUNT);
        assertThat(SqlError.of(bob)).isEqualTo(takenName(db));
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("after Bob's failure, Dave opens an account: it is committed")
    void aLaterRequestAfterTheFailure(Stage stage) {
        Database db = stage.db();
        Runs13_FailedStatementAbortsTheTransaction.carolsAccount(db);
        // no batch to commit, nothing to close: each request commits and closes its own Session
        var desk = new Scenario13_FailedStatementAbortsTheTransaction(db.sessionFactory());
        stage.run(ALICE, () -> desk.openAccount(ALICE, 10_000)).join();
        assertThat(stage.run("Bob", () -> desk.openAccount(ALICE, 5_000)).failure())
                .isInstanceOf(ConstraintViolationException.class);

        assertThat(stage.run(DAVE, () -> desk.openAccount(DAVE, 2_000)).failure()).isNull();
        assertThat(db.queryForStrings("select concat(owner_name, ' ', balance_cents) from Account order by owner_name"))
                .containsExactly("Alice 10000", "Carol 7000", "Dave 2000");
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (only the taken name refused, every other account committed)")
    void uncoordinatedRequestsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario13-natural"),
                Bindings.SCENARIO_13.naturalRun(Runs13_FailedStatementAbortsTheTransaction.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight threads open accounts at once, nothing forced: every account but the taken name's second one committed")
    void naturalRunOfEightThreads(Stage stage) throws Exception {
        assertThat(Bindings.SCENARIO_13.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().countRows("Account")).isEqualTo(8 * Runs13_FailedStatementAbortsTheTransaction.ACCOUNTS_PER_THREAD);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

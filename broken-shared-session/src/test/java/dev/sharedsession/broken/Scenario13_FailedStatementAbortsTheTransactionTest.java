package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction.Headline;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction.Steps;
import dev.sharedsession.testsupport.junit.PerDatabase;
import dev.sharedsession.testsupport.junit.RaceTest;
import dev.sharedsession.testsupport.junit.SqlError;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 13, broken: every request shares one Session and its transaction")
class Scenario13_FailedStatementAbortsTheTransactionTest {

    private static final String ALICE = "Alice";
    private static final String DAVE = "Dave";
    private static final String INSERT_ACCOUNT = "insert into Account (balance_cents,owner_name,id) values (?,?,?)";
    private static final String SELECT_ACCOUNT =
            "select a1_0.id,a1_0.balance_cents,a1_0.owner_name from Account a1_0 where a1_0.id=?";

    /**
     * Bob's unique-key violation, as each database reports it (SQLState, vendor code): MariaDB's
     * SQLState is the class's, 23000; its code 1062 says "duplicate entry".
     */
    static SqlError takenName(Database db) {
        return PerDatabase.pick(db, new SqlError("23505", 23505), new SqlError("23505", 0), new SqlError("23000", 1062));
    }

    @RaceTest
    @DisplayName("Bob's request fails on a taken name, then Carol reads and the batch commits: on PostgreSQL Carol's read fails with 25P02; everywhere the batch commit returns normally and Alice's account is gone")
    void oneRequestFailsInTheMiddleOfTheBatch(Stage stage) {
        Database db = stage.db();
        Headline headline = Bindings.SCENARIO_13.headline(stage); // the headline interleaving, as ./lab --mode forced runs it
        Outcome outcome = headline.outcome();
        Steps steps = headline.steps();

        assertThat(steps.alice()).isNull();
        if (PerDatabase.pick(db, false, true, false)) {
            // PostgreSQL: Bob's failure aborted the transaction on the server. Carol's SELECT fails
            // with 25P02; Hibernate's find() logs it, rolls the shared transaction back and answers
            // "no such account": Carol's account, committed long ago, is reported missing.
            long carol = db.queryForLong("select id from Account where owner_name = ?", "Carol");
            assertThat(outcome.failure()).isInstanceOf(IllegalArgumentException.class).hasMessage("no account " + carol);
        } else {
            // H2, MariaDB: only Bob's statement failed; Carol read her 70.00; the commit "succeeded".
            assertThat(steps.carol()).isNull();
            assertThat(outcome).isEqualTo(Outcome.wrong("Alice's request and the batch commit returned normally, her account is missing"));
        }
        assertThat(steps.batch()).isNull(); // the batch commit returned normally, everywhere
        assertThat(db.queryForStrings("select owner_name from Account")).containsExactly("Carol");
    }

    @RaceTest
    @DisplayName("Bob's request fails on a taken name: he sees his own unique-key violation")
    void theFailingRequestSeesItsOwnError(Stage stage) {
        Database db = stage.db();
        Throwable bob = Bindings.SCENARIO_13.headline(stage).steps().bob();

        assertThat(bob).isInstanceOf(ConstraintViolationException.class);
        assertThat(((JDBCException) bob).getSQL()).isEqualTo(INSERT_ACCOUNT);
        assertThat(SqlError.of(bob)).isEqualTo(takenName(db));
    }

    @RaceTest
    @DisplayName("after Bob's failure, Dave opens an account: his flush sends Bob's failed INSERT again and fails with it")
    void aLaterRequestAfterTheFailure(Stage stage) {
        Database db = stage.db();
        Runs13_FailedStatementAbortsTheTransaction.carolsAccount(db);
        var desk = new Scenario13_FailedStatementAbortsTheTransaction(db.sessionFactory());
        try (desk) {
            stage.run(ALICE, () -> desk.openAccount(ALICE, 10_000)).join();
            assertThat(stage.run("Bob", () -> desk.openAccount(ALICE, 5_000)).failure())
                    .isInstanceOf(ConstraintViolationException.class);

            Throwable dave = stage.run(DAVE, () -> desk.openAccount(DAVE, 2_000)).failure();

            if (PerDatabase.pick(db, false, true, false)) {
                // PostgreSQL: Bob's failure aborted the shared transaction: 25P02, "current transaction is aborted".
                assertThat(dave).isInstanceOf(GenericJDBCException.class);
                assertThat(((JDBCException) dave).getSQL()).isEqualTo(INSERT_ACCOUNT);
                assertThat(SqlError.of(dave)).isEqualTo(new SqlError("25P02", 0));
            } else {
                // Bob's INSERT is still in the shared action queue: Dave's flush sends it first.
                assertThat(dave).isInstanceOf(ConstraintViolationException.class);
                assertThat(((JDBCException) dave).getSQL()).isEqualTo(INSERT_ACCOUNT);
                assertThat(SqlError.of(dave)).isEqualTo(takenName(db));
            }
            stage.run("desk", desk::commitBatch).join();
        }
        assertThat(db.queryForStrings("select owner_name from Account")).containsExactly("Carol");
    }
}

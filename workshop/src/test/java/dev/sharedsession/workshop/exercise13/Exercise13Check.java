package dev.sharedsession.workshop.exercise13;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Race;
import dev.sharedsession.runs.Runs13_FailedStatementAbortsTheTransaction;
import dev.sharedsession.safe.Scenario13_FailedStatementAbortsTheTransaction;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exercise 13's check: run it with {@code ./exercise check 13}. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Exercise 13: one failed request, everyone's batch")
class Exercise13Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(13);

    private static final String CONSTRAINT_VIOLATION = "failed: org.hibernate.exception.ConstraintViolationException: could not execute statement";

    private static Desk desk(Subject subject, SessionFactory sessionFactory) {
        return subject.<Desk>pick(() -> new AccountDesk(sessionFactory),
                // the solution has no batch to commit and nothing to close: each request committed and closed its own Session
                () -> Subject.delegating(Desk.class, new Scenario13_FailedStatementAbortsTheTransaction(sessionFactory),
                        "commitBatch", "close"), sessionFactory);
    }

    /** How each request of the day ended, in one line each. */
    private record Day(String alice, String bob, String carol, String dave, String batch) {
    }

    /**
     * The day, one request after another, each on a thread of its own: Alice opens an account,
     * Bob asks for the name Alice (taken), Carol reads her balance, Dave opens an account, the
     * desk commits its batch; then the desk closes.
     */
    private static Day theDay(Database db, Subject subject) {
        long carol = Runs13_FailedStatementAbortsTheTransaction.carolsAccount(db); // 7000 cents, committed before the desk opens
        try (Race race = Race.bounded(); Desk desk = desk(subject, db.sessionFactory())) {
            String alice = Ending.of(race.start("Alice", () -> desk.openAccount("Alice", 10_000)));
            String bob = Ending.of(race.start("Bob", () -> desk.openAccount("Alice", 5_000)));    // the name is taken
            Actor<Long> carols = race.start("Carol", () -> desk.balanceOf(carol));
            String carolRead = Ending.of(carols);
            String dave = Ending.of(race.start("Dave", () -> desk.openAccount("Dave", 2_000)));
            String batch = Ending.of(race.run("desk", desk::commitBatch));
            return new Day(alice, bob, carolRead.equals(Ending.COMPLETED) ? "read " + carols.join() + " cents" : carolRead, dave, batch);
        }
    }

    @Test
    @Order(1)
    @OnTheStartingPoint(fails = "[how Alice's request ended] expected: \"completed\" but was: \"failed: dev.sharedsession.guard.SessionSharedAcrossThreadsException: "
            + "Session used by thread 'Alice' in Session.persist, but it belongs to thread 'main' (session guard: CONFINED)")
    @DisplayName("Alice opens an account, Bob asks for the name Alice, Carol reads her balance, Dave opens an account: Bob's request alone fails")
    void bobsFailureIsHisAlone(Database db, Subject subject) {
        Day day = theDay(db, subject);

        assertThat(day.alice()).as("how Alice's request ended").isEqualTo(Ending.COMPLETED);
        assertThat(day.bob()).as("how Bob's request for the taken name Alice ended").startsWith(CONSTRAINT_VIOLATION);
        assertThat(day.carol()).as("Carol's balance, read after Bob's failure").isEqualTo("read 7000 cents");
        assertThat(day.dave()).as("how Dave's request ended, after Bob's failure").isEqualTo(Ending.COMPLETED);
        assertThat(day.batch()).as("how the batch commit ended").isEqualTo(Ending.COMPLETED);
    }

    @Test
    @Order(2)
    @OnTheStartingPoint(fails = "[the accounts in the database after the batch commit] Expecting actual: [\"Carol\"] "
            + "to contain exactly (and in same order): [\"Alice\", \"Carol\", \"Dave\"]")
    @DisplayName("the same requests, then the batch commit: every account whose request returned normally is in the database (Alice, Carol, Dave)")
    void everyAccountThatReturnedNormallyIsCommitted(Database db, Subject subject) {
        theDay(db, subject);

        assertThat(db.queryForStrings("select owner_name from Account order by owner_name"))
                .as("the accounts in the database after the batch commit").containsExactly("Alice", "Carol", "Dave");
        assertThat(db.activeConnections()).as("pooled connections still checked out after the desk closed").isZero();
    }
}

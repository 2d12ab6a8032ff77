package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import dev.sharedsession.runs.Runs14_IdentityInsertInAnotherTransaction;
import dev.sharedsession.testsupport.junit.RaceTest;
import org.hibernate.AssertionFailure;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 14, broken: requests share one Session, tickets have identity ids")
class Scenario14_IdentityInsertInAnotherTransactionTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String INSERTING_THE_TICKET = Runs14_IdentityInsertInAnotherTransaction.INSERTING_THE_TICKET;

    @RaceTest
    @DisplayName("Bob opens a ticket while Alice's persist is sending its INSERT: Bob's commit fails, Alice's ticket is saved outside any transaction while her request fails")
    void oneRequestCommitsWhileAnotherIsInsideItsIdentityInsert(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_14.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.wrong("a request failed, its ticket is there"));
        assertThat(stage.db().queryForStrings("select subject from Ticket")).containsExactly(ALICE);
    }

    @RaceTest
    @DisplayName("the same race, request by request: Bob's flush meets Alice's ticket without an id, Alice's commit finds no transaction")
    void whatEachRequestIsTold(Stage stage) {
        Database db = stage.db();
        Pause aliceInserting = stage.beforeStatement(ALICE, INSERTING_THE_TICKET);
        var desk = new Scenario14_IdentityInsertInAnotherTransaction(db.sessionFactory());
        try (desk) {
            Actor<Long> alice = stage.start(ALICE, () -> desk.openTicket(ALICE));
            aliceInserting.awaitReached();          // Alice's ticket is in the persistence context, without an id

            Throwable bob = stage.start(BOB, () -> desk.openTicket(BOB)).failure();
            assertThat(bob).isInstanceOf(AssertionFailure.class)
                    .hasMessage("Entry for instance of 'dev.sharedsession.model.Ticket' has a null identifier"
                            + " (this can happen if the session is flushed after an exception occurs)");
            assertThat(db.countRows("Ticket")).isZero(); // Bob rolled back the shared transaction, his INSERT with it

            aliceInserting.release();
            assertThat(alice.failure()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Transaction not successfully started");
        }
        assertThat(db.queryForStrings("select subject from Ticket")).containsExactly(ALICE);
    }
}

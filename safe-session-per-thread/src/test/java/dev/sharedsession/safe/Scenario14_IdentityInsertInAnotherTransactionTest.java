package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs14_IdentityInsertInAnotherTransaction;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 14, safe: a Session per request, tickets have identity ids")
class Scenario14_IdentityInsertInAnotherTransactionTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String INSERTING_THE_TICKET = Runs14_IdentityInsertInAnotherTransaction.INSERTING_THE_TICKET;

    @RaceTest
    @DisplayName("Bob opens a ticket while Alice's persist is sending its INSERT: both tickets committed, no connection leaks")
    void oneRequestCommitsWhileAnotherIsInsideItsIdentityInsert(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_14.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForStrings("select subject from Ticket order by subject")).containsExactly(ALICE, BOB);
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("the same race, request by request: each is told its own ticket's number, Bob's first")
    void whatEachRequestIsTold(Stage stage) {
        Database db = stage.db();
        Pause aliceInserting = stage.beforeStatement(ALICE, INSERTING_THE_TICKET);
        // nothing to close: each request closes its own Session
        var desk = new Scenario14_IdentityInsertInAnotherTransaction(db.sessionFactory());
        Actor<Long> alice = stage.start(ALICE, () -> desk.openTicket(ALICE));
        aliceInserting.awaitReached();          // Alice's ticket is in her own persistence context, without an id

        long bob = stage.start(BOB, () -> desk.openTicket(BOB)).join();
        assertThat(db.queryForStrings("select subject from Ticket where id = ?", bob)).containsExactly(BOB);

        aliceInserting.release();
        long alices = alice.join();
        assertThat(db.queryForStrings("select subject from Ticket where id = ?", alices)).containsExactly(ALICE);
        assertThat(alices).isGreaterThan(bob); // the database numbered them in the order their INSERTs arrived
        assertThat(db.countRows("Ticket")).isEqualTo(2);
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (every ticket committed by its own request)")
    void uncoordinatedRequestsCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario14-natural"),
                Bindings.SCENARIO_14.naturalRun(Runs14_IdentityInsertInAnotherTransaction.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight threads open tickets at once, nothing forced: every ticket committed, no connection leaks")
    void naturalRunOfEightThreads(Stage stage) throws Exception {
        assertThat(Bindings.SCENARIO_14.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().countRows("Ticket")).isEqualTo(8 * Runs14_IdentityInsertInAnotherTransaction.TICKETS_PER_THREAD);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

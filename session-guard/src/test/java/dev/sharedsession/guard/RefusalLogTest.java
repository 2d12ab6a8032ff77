package dev.sharedsession.guard;

import static dev.sharedsession.guard.ConfinedGuardTest.OWNED_BY_ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The refusal log says each call from each line of code once: a loop that shares a Session
 * would otherwise log the same WARN line hundreds of times (629 in one run of a user's program)
 * and bury every other line. The rest are counted ({@code SessionGuard.counts}), and logged at
 * DEBUG, with their exceptions, for whoever listens there ({@code ./lab --guard}, guard-proof).
 */
@DisplayName("The refusal log: one WARN line per call and line of code, the rest counted")
class RefusalLogTest {

    private Database db;
    private final NamedThread alice = new NamedThread("alice");
    private final NamedThread bob = new NamedThread("bob");
    private long aliceId;
    private Session session;

    @BeforeEach
    void openDatabase() {
        db = GuardedDatabase.open("RefusalLogTest", "confined");
        aliceId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        session = alice.call(db.sessionFactory()::openSession);
    }

    @AfterEach
    void close() {
        alice.run(session::close);
        alice.close();
        bob.close();
        db.close();
    }

    /** Bob calls find {@code times} times from one line; how many times he was refused. */
    private int findsFromOneLine(int times) {
        return bob.call(() -> {
            int refused = 0;
            for (int i = 0; i < times; i++) {
                try {
                    session.find(Customer.class, aliceId); // the one line
                } catch (SessionSharedAcrossThreadsException expected) {
                    refused++;
                }
            }
            return refused;
        });
    }

    /** Bob calls find from a second line. */
    private int findsFromAnotherLine(int times) {
        return bob.call(() -> {
            int refused = 0;
            for (int i = 0; i < times; i++) {
                try {
                    session.find(Customer.class, aliceId); // the other line
                } catch (SessionSharedAcrossThreadsException expected) {
                    refused++;
                }
            }
            return refused;
        });
    }

    @Test
    @DisplayName("100 refusals from one line: one WARN line, naming that line, and a count of 100")
    void aHundredRefusalsFromOneLineLogOneLine() {
        try (GuardLog log = GuardLog.atWarn()) {
            assertThat(findsFromOneLine(100)).isEqualTo(100);

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Session used by thread 'bob' in Session.find, but it belongs to thread 'alice" + OWNED_BY_ALICE
                            + " [the first Session.find refused or reported from dev.sharedsession.guard.RefusalLogTest.")
                    .endsWith(lineOf("// the one line")
                            + "; any more from there are counted, not logged: SessionGuard.counts(sessionFactory)]");
            assertThat(log.events()).hasSize(1);
            assertThat(SessionGuard.counts(db.sessionFactory())).containsExactly(entry("Session.find", 100L));
        }
    }

    @Test
    @DisplayName("refusals from two lines: two WARN lines, one for each, and all of them counted")
    void twoLinesLogTwoLines() {
        try (GuardLog log = GuardLog.atWarn()) {
            assertThat(findsFromOneLine(3)).isEqualTo(3);
            assertThat(findsFromAnotherLine(2)).isEqualTo(2);
            assertThat(findsFromOneLine(1)).isEqualTo(1);

            assertThat(log.warnings()).hasSize(2);
            assertThat(log.warnings().get(0)).contains(lineOf("// the one line") + ";");
            assertThat(log.warnings().get(1)).contains(lineOf("// the other line") + ";");
            assertThat(SessionGuard.counts(db.sessionFactory())).containsExactly(entry("Session.find", 6L));
        }
    }

    @Test
    @DisplayName("at DEBUG every refusal is still logged with its exception: the first at WARN, the rest at DEBUG")
    void atDebugEveryRefusalIsLogged() {
        try (GuardLog log = GuardLog.atDebug()) {
            assertThat(findsFromOneLine(3)).isEqualTo(3);

            assertThat(log.events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.DEBUG, Level.DEBUG);
            assertThat(log.events()).allSatisfy(event -> assertThat(((ThrowableProxy) event.getThrowableProxy()).getThrowable())
                    .isInstanceOf(SessionSharedAcrossThreadsException.class)
                    .hasMessageStartingWith("Session used by thread 'bob' in Session.find"));
        }
    }

    /** "(RefusalLogTest.java:NN)": the line of {@code session.find} marked {@code marker}, as a stack frame shows it. */
    private static String lineOf(String marker) {
        try {
            var lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    "src/test/java/dev/sharedsession/guard/RefusalLogTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("session.find") && lines.get(i).endsWith(marker)) {
                    return "(RefusalLogTest.java:" + (i + 1) + ")";
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no line marked " + marker);
    }
}

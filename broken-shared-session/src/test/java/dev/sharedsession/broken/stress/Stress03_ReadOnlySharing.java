package dev.sharedsession.broken.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import dev.sharedsession.broken.Scenario03_ReadOnlySharing;
import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.testsupport.stress.StressDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * Stress, scenario 3, broken: "it only reads", nothing forced.
 *
 * <p>Alice opens her order summary ({@link Scenario03_ReadOnlySharing#orderSummary}: find the
 * customer, count the lazy orders) while Bob opens the customer list
 * ({@link Scenario03_ReadOnlySharing#customerNames}: load every customer, then {@code clear()}
 * the Session), {@value #PAGES} times each, through the reporting service's ONE Session, opened
 * for the sample in the state's constructor and closed by the arbiter. Each sample has a
 * customer of its own with 3 orders. The outcome is {@code alice, bob, connections left checked
 * out}: {@code ok}, {@code wrong} (a page showed something the database does not hold) or the
 * exception's name ({@code StackOverflowError} included: in a torn context a load can return the
 * proxy it should initialize, endlessly); and how many pooled connections were still checked out
 * once the Session was closed (relative to before the sample).
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl broken-shared-session -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress03}.
 */
public final class Stress03_ReadOnlySharing {

    /** Pages each reader opens: one page is too short a window to overlap in every run. */
    static final int PAGES = 3;

    private static final AtomicLong SAMPLES = new AtomicLong();

    private Stress03_ReadOnlySharing() {
    }

    @JCStressTest
    @Outcome(id = "ok, ok, 0", expect = ACCEPTABLE, desc = "both pages showed what the database holds")
    @Outcome(id = {"wrong, .*", ".*, wrong, .*"}, expect = ACCEPTABLE_INTERESTING,
            desc = "a page returned normally but showed something the database does not hold")
    @Outcome(id = {"[A-Z]\\w*, .*", ".*, [A-Z]\\w*, .*"}, expect = ACCEPTABLE_INTERESTING,
            desc = "a read-only page failed with this exception: the other reader's load or clear() tore down the shared persistence context under it")
    @Outcome(id = ".*, [1-9]", expect = ACCEPTABLE_INTERESTING,
            desc = "a pooled connection was still checked out after the shared Session was closed")
    @Outcome(expect = ACCEPTABLE_INTERESTING, desc = "something else went wrong")
    @State
    public static class SummaryAndList {
        private final Database db = StressDatabase.get();
        private final String alice = "s03-" + SAMPLES.incrementAndGet() + "-Alice";
        private final long aliceId = Fixtures.customerWithOrders(db.sessionFactory(), alice, "North", 3);
        private final long customers = db.countRows("Customer");
        private final int connectionsBefore = db.activeConnections();
        private final Scenario03_ReadOnlySharing reports = new Scenario03_ReadOnlySharing(db.sessionFactory());

        @Actor
        public void alice(LLL_Result r) {
            try {
                String expected = alice + ": 3 orders";
                for (int i = 0; i < PAGES; i++) {
                    if (!reports.orderSummary(aliceId).equals(expected)) {
                        r.r1 = "wrong";
                        return;
                    }
                }
                r.r1 = "ok";
            } catch (Exception | StackOverflowError e) {
                // StackOverflowError too: with the other reader working in the same persistence
                // context, loading the customer can return an uninitialized proxy of it instead
                // (DefaultLoadEventListener.loadFromDatasource), whose initialization runs the same
                // load again, until the stack runs out.
                r.r1 = StressDatabase.token(e);
            }
        }

        @Actor
        public void bob(LLL_Result r) {
            try {
                for (int i = 0; i < PAGES; i++) {
                    List<String> names = reports.customerNames();
                    if (names.size() != customers || !names.contains(alice)) {
                        r.r2 = "wrong";
                        return;
                    }
                }
                r.r2 = "ok";
            } catch (Exception | StackOverflowError e) {
                r.r2 = StressDatabase.token(e);
            }
        }

        @Arbiter
        public void session(LLL_Result r) {
            try {
                reports.close();
            } catch (RuntimeException e) {
                // what the close left behind is what the pool shows
            }
            r.r3 = db.activeConnections() - connectionsBefore;
        }
    }
}

package dev.sharedsession.safe.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.safe.Scenario03_ReadOnlySharing;
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
 * Stress, scenario 3, safe: readers get a Session each, nothing forced.
 *
 * <p>Alice opens her order summary ({@link Scenario03_ReadOnlySharing#orderSummary}, a Session
 * of the page's own) while Bob opens the customer list
 * ({@link Scenario03_ReadOnlySharing#customerNames}, a StatelessSession; nothing shared to
 * clear), {@value #PAGES} times each. The outcome is {@code alice, bob, connections left
 * checked out}, as on the broken side: it must be {@code ok, ok, 0} every time.
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl safe-session-per-thread -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress03}.
 */
public final class Stress03_ReadOnlySharing {

    /** Pages each reader opens, as many as on the broken side. */
    static final int PAGES = 3;

    private static final AtomicLong SAMPLES = new AtomicLong();

    private Stress03_ReadOnlySharing() {
    }

    @JCStressTest
    @Outcome(id = "ok, ok, 0", expect = ACCEPTABLE, desc = "both pages showed what the database holds, and every connection is back in the pool")
    @Outcome(expect = FORBIDDEN, desc = "a page failed or showed something the database does not hold, or a connection was left checked out")
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
            } catch (Exception e) {
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
            } catch (Exception e) {
                r.r2 = StressDatabase.token(e);
            }
        }

        @Arbiter
        public void session(LLL_Result r) {
            // nothing to close: each page closed its own Session
            r.r3 = db.activeConnections() - connectionsBefore;
        }
    }
}

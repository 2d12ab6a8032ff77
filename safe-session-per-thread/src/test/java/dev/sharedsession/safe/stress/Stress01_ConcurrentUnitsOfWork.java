package dev.sharedsession.safe.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sharedsession.database.Database;
import dev.sharedsession.safe.Scenario01_ConcurrentUnitsOfWork;
import dev.sharedsession.testsupport.stress.StressDatabase;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLLL_Result;

/**
 * Stress, scenario 1, safe: two units of work, a Session each, nothing forced.
 *
 * <p>Alice and Bob each record their visits ({@link Scenario01_ConcurrentUnitsOfWork#recordVisit}:
 * {@code sessionFactory.inTransaction}, a Session of the visit's own). The outcome is
 * {@code alice, bob, alice's rows, bob's rows, connections left checked out}, as on the broken
 * side: it must be {@code ok, ok, saved, saved, 0} every time.
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl safe-session-per-thread -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress01}.
 */
public final class Stress01_ConcurrentUnitsOfWork {

    /** Visits each actor records, as many as on the broken side. */
    static final int VISITS = 3;

    private static final AtomicLong SAMPLES = new AtomicLong();

    private Stress01_ConcurrentUnitsOfWork() {
    }

    /**
     * Records this actor's visits, {@code label #1} to {@code #VISITS}; the first failure ends
     * them. Returns {@code ok} or the failure's token; {@code committed[0]} is how many visits'
     * commits returned normally.
     */
    static String visits(Scenario01_ConcurrentUnitsOfWork log, String label, int[] committed) {
        try {
            for (int v = 1; v <= VISITS; v++) {
                log.recordVisit(label + " #" + v);
                committed[0] = v;
            }
            return "ok";
        } catch (Exception e) {
            return StressDatabase.token(e);
        }
    }

    /**
     * What the database holds for one actor's visits, against what their commits said:
     * {@code saved} when exactly the visits whose commit returned normally are there, once each;
     * otherwise {@code lost} (a commit returned normally, its row is missing), {@code ghost} (the
     * visit whose commit threw is there anyway), {@code twice} (a visit saved twice), joined by +.
     */
    static String verdict(Database db, String label, int committed) {
        StringBuilder found = new StringBuilder();
        for (int v = 1; v <= VISITS; v++) {
            long rows = db.queryForLong("select count(*) from Counter where label = ?", label + " #" + v);
            String problem = rows > 1 ? "twice" : v <= committed && rows == 0 ? "lost" : v > committed && rows == 1 ? "ghost" : null;
            if (problem != null && found.indexOf(problem) < 0) {
                found.append(found.length() == 0 ? "" : "+").append(problem);
            }
        }
        return found.length() == 0 ? "saved" : found.toString();
    }

    @JCStressTest
    @Outcome(id = "ok, ok, saved, saved, 0", expect = ACCEPTABLE,
            desc = "every commit returned normally, every visit is saved once, and every connection is back in the pool")
    @Outcome(expect = FORBIDDEN, desc = "a visit failed, is lost, saved although its commit threw, or saved twice, or a connection was left checked out")
    @State
    public static class TwoVisitors {
        private final Database db = StressDatabase.get();
        private final long sample = SAMPLES.incrementAndGet();
        private final String alice = "s01-" + sample + "-Alice";
        private final String bob = "s01-" + sample + "-Bob";
        private final int[] aliceCommitted = new int[1];
        private final int[] bobCommitted = new int[1];
        private final int connectionsBefore = db.activeConnections();
        private final Scenario01_ConcurrentUnitsOfWork visits = new Scenario01_ConcurrentUnitsOfWork(db.sessionFactory());

        @Actor
        public void alice(LLLLL_Result r) {
            r.r1 = visits(visits, alice, aliceCommitted);
        }

        @Actor
        public void bob(LLLLL_Result r) {
            r.r2 = visits(visits, bob, bobCommitted);
        }

        @Arbiter
        public void database(LLLLL_Result r) {
            r.r5 = db.activeConnections() - connectionsBefore;
            r.r3 = verdict(db, alice, aliceCommitted[0]);
            r.r4 = verdict(db, bob, bobCommitted[0]);
        }
    }
}

package dev.sharedsession.broken.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import dev.sharedsession.broken.Scenario06_LostUpdate;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.stress.StressDatabase;
import java.util.concurrent.Callable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * Stress, scenario 6, broken: the lost update, nothing forced.
 *
 * <p>Alice and Bob each hit the same page counter once, each in a Session of their own, on a
 * counter without a version column ({@link Scenario06_LostUpdate#hitInOwnSession}). The
 * outcome is {@code alice, bob, hits in the database}. Both reading 0 before either commits
 * makes both write 1: one hit lost, with no exception anywhere.
 *
 * <p>Run just this one: {@code ./mvnw verify -pl broken-shared-session -am -Dstress.filter=Stress06}.
 */
public final class Stress06_LostUpdate {

    private Stress06_LostUpdate() {
    }

    static String attempt(Callable<?> hit) {
        try {
            hit.call();
            return "ok";
        } catch (Exception e) {
            return StressDatabase.token(e);
        }
    }

    @JCStressTest
    @Outcome(id = "ok, ok, 2", expect = ACCEPTABLE, desc = "both hits counted: one of them read after the other committed")
    @Outcome(id = "ok, ok, 1", expect = ACCEPTABLE_INTERESTING,
            desc = "both commits returned normally, yet hits is 1: both read 0, and the second UPDATE overwrote the first hit")
    @Outcome(expect = ACCEPTABLE_INTERESTING, desc = "an actor failed (its exception's name is in the outcome)")
    @State
    public static class SessionPerThread {
        private final Database db = StressDatabase.get();
        private final Scenario06_LostUpdate scenario = new Scenario06_LostUpdate(db.sessionFactory());
        private final long counter = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "page");

        @Actor
        public void alice(LLL_Result r) {
            r.r1 = attempt(() -> scenario.hitInOwnSession(counter));
        }

        @Actor
        public void bob(LLL_Result r) {
            r.r2 = attempt(() -> scenario.hitInOwnSession(counter));
        }

        @Arbiter
        public void database(LLL_Result r) {
            r.r3 = db.queryForLong("select hits from Counter where id = " + counter);
        }
    }
}

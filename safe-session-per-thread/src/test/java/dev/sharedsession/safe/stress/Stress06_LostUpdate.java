package dev.sharedsession.safe.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.stress.StressDatabase;
import dev.sharedsession.safe.Scenario06_LostUpdate;
import java.util.concurrent.Callable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * Stress, scenario 6, safe: the lost update cannot happen, nothing forced.
 *
 * <p>Alice and Bob each hit the same page counter once, each in a Session of their own, on a
 * counter with {@code @Version}, retrying when the optimistic-lock check fails
 * ({@link Scenario06_LostUpdate#hitVersioned}). The outcome is {@code alice, bob, hits in the
 * database}: it must be {@code ok, ok, 2} every time.
 *
 * <p>Run just this one: {@code ./mvnw verify -pl safe-session-per-thread -am -Dstress.filter=Stress06}.
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
    @Outcome(id = "ok, ok, 2", expect = ACCEPTABLE, desc = "both hits counted: a stale write failed its version check and was retried")
    @Outcome(id = "ok, ok, 1", expect = FORBIDDEN, desc = "both commits returned normally, yet hits is 1: a hit was lost")
    @Outcome(expect = FORBIDDEN, desc = "an actor failed (its exception's name is in the outcome)")
    @State
    public static class SessionPerThread {
        private final Database db = StressDatabase.get();
        private final Scenario06_LostUpdate scenario = new Scenario06_LostUpdate(db.sessionFactory());
        private final long counter = Scenario06_LostUpdate.newVersionedCounter(db.sessionFactory(), "page");

        @Actor
        public void alice(LLL_Result r) {
            r.r1 = attempt(() -> scenario.hitVersioned(counter));
        }

        @Actor
        public void bob(LLL_Result r) {
            r.r2 = attempt(() -> scenario.hitVersioned(counter));
        }

        @Arbiter
        public void database(LLL_Result r) {
            r.r3 = db.queryForLong("select hits from VersionedCounter where id = " + counter);
        }
    }
}

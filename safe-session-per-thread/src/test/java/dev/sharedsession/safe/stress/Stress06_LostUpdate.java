package dev.sharedsession.safe.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sharedsession.database.Database;
import dev.sharedsession.safe.Scenario06_LostUpdate;
import dev.sharedsession.testsupport.stress.StressDatabase;
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
 * <p>{@code SharedSession}: the story the broken side tells through one shared Session (find,
 * re-read, increment; {@value #SHARED_HITS} hits each), done right: each hit in a Session and
 * transaction of its own with {@code LockMode.PESSIMISTIC_WRITE}
 * ({@link Scenario06_LostUpdate#hitLocked}), so the second reader waits for the first commit.
 * Same outcome shape, {@code alice, bob, hits in the database}: it must be {@code ok, ok, 6}.
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl safe-session-per-thread -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress06}.
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
            r.r3 = db.queryForLong("select hits from VersionedCounter where id = ?", counter);
        }
    }

    /** Hits each actor makes, as many as on the broken side. */
    static final int SHARED_HITS = 3;

    @JCStressTest
    @Outcome(id = "ok, ok, 6", expect = ACCEPTABLE, desc = "all six hits counted: each locked read waited for the other's commit")
    @Outcome(expect = FORBIDDEN, desc = "a hit was lost or failed (an exception's name is in the outcome)")
    @State
    public static class SharedSession {
        private final Database db = StressDatabase.get();
        private final Scenario06_LostUpdate scenario = new Scenario06_LostUpdate(db.sessionFactory());
        private final long counter = Scenario06_LostUpdate.newCounter(db.sessionFactory(), "page");

        private String hits() {
            for (int i = 0; i < SHARED_HITS; i++) {
                scenario.hitLocked(counter);
            }
            return "ok";
        }

        @Actor
        public void alice(LLL_Result r) {
            r.r1 = attempt(this::hits);
        }

        @Actor
        public void bob(LLL_Result r) {
            r.r2 = attempt(this::hits);
        }

        @Arbiter
        public void database(LLL_Result r) {
            r.r3 = Long.toString(db.queryForLong("select hits from Counter where id = ?", counter));
        }
    }
}

package dev.sharedsession.broken.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import dev.sharedsession.broken.Scenario06_LostUpdate;
import dev.sharedsession.database.Database;
import dev.sharedsession.testsupport.stress.StressDatabase;
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
 * counter without a version column ({@link Scenario06_LostUpdate#hit}). The
 * outcome is {@code alice, bob, hits in the database}. Both reading 0 before either commits
 * makes both write 1: one hit lost, with no exception anywhere.
 *
 * <p>{@code SharedSession}: Alice and Bob hit the counter {@value #SHARED_HITS} times each
 * through ONE Session, whose owner (the state's constructor) began the transaction and whose
 * arbiter commits and closes it ({@link Scenario06_LostUpdate#hitLocked}: find, refresh with
 * {@code PESSIMISTIC_WRITE} "to read the latest value", increment, flush; the scenario's first
 * visitor opened the shared Session and began its transaction, {@code close()} commits it). Both threads increment the same
 * managed object; a refresh by one between the other's increment and flush reads the old row
 * back over it. The outcome is {@code alice, bob, hits in the database} (or
 * {@code commit failed: <exception>} if the owner's commit threw).
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl broken-shared-session -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress06}.
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
            r.r1 = attempt(() -> scenario.hit(counter));
        }

        @Actor
        public void bob(LLL_Result r) {
            r.r2 = attempt(() -> scenario.hit(counter));
        }

        @Arbiter
        public void database(LLL_Result r) {
            r.r3 = db.queryForLong("select hits from Counter where id = ?", counter);
        }
    }

    /** Hits each actor makes through the shared Session: one is too short a window to overlap in every run. */
    static final int SHARED_HITS = 3;

    @JCStressTest
    @Outcome(id = "ok, ok, 6", expect = ACCEPTABLE, desc = "all six hits counted: the actors' find-refresh-increment-flush steps did not interleave")
    @Outcome(id = "ok, ok, [0-5]", expect = ACCEPTABLE_INTERESTING,
            desc = "every hit returned normally and the owner's commit succeeded, yet hits were lost: a refresh read the old row back over the other actor's increment")
    @Outcome(id = "ok, ok, (commit failed: )?[A-Z]\\w*", expect = ACCEPTABLE_INTERESTING,
            desc = "every hit returned normally, yet the owner's commit failed with this exception: all the hits are lost")
    @Outcome(id = {"[A-Z]\\w*, .*", ".*, [A-Z]\\w*, .*"}, expect = ACCEPTABLE_INTERESTING,
            desc = "a hit failed inside the shared Session with this exception, from its unsynchronised internals")
    @Outcome(expect = ACCEPTABLE_INTERESTING, desc = "something else went wrong")
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
            String commit = attempt(() -> {
                scenario.close(); // commits the shared Session's transaction, then closes it
                return null;
            });
            long hits = db.queryForLong("select hits from Counter where id = ?", counter);
            r.r3 = commit.equals("ok") ? Long.toString(hits) : "commit failed: " + commit;
        }
    }
}

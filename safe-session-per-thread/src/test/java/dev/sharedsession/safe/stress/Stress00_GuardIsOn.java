package dev.sharedsession.safe.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.testsupport.stress.StressDatabase;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Stress, the canary: the safe side's jcstress forks run with the session guard on.
 *
 * <p>The other safe stress tests prove zero false alarms (a refused call would show up as a
 * {@code SessionSharedAcrossThreadsException} outcome, FORBIDDEN) only if the guard was watching
 * in their forked JVMs, which get {@code -Dhibernate.session_guard=confined} through
 * {@code stress.jvm.extra} in this module's pom. This test reads the policy of a Session of the
 * fork's database: anything but {@code CONFINED} fails the run.
 *
 * <p>Run just this one: {@code ./mvnw -B -o verify -pl safe-session-per-thread -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dstress.filter=Stress00}.
 */
@JCStressTest
@Outcome(id = "CONFINED", expect = ACCEPTABLE, desc = "the fork's Sessions are guarded: the other tests' zero false alarms count")
@Outcome(expect = FORBIDDEN, desc = "the guard is not on in this fork (OFF), or not as configured")
@State
public class Stress00_GuardIsOn {

    private final SessionFactory sessionFactory = StressDatabase.get().sessionFactory();

    @Actor
    public void opener(L_Result r) {
        try (Session session = sessionFactory.openSession()) {
            r.r1 = SessionGuard.policy(session).name();
        }
    }
}

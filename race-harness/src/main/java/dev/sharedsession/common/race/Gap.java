package dev.sharedsession.common.race;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gap between two steps of the code under test, for threads that call those steps one by one
 * themselves: each of them {@link #pass passes} the gap after its first step and waits there
 * until {@link #release()}. It is {@link Pause}'s counterpart where no pause point fits: a
 * pause point stops a thread <em>inside</em> a Hibernate call, a gap stops it <em>between</em>
 * two calls (where, say, a lock around every call is free).
 *
 * <p>Every wait is bounded by {@link Race#TIMEOUT}, and throws {@link RaceTimeoutException}.
 */
public final class Gap {

    private static final Duration TIMEOUT = Race.TIMEOUT;

    private final CountDownLatch reached;
    private final CountDownLatch released = new CountDownLatch(1);

    /** A gap that {@code threads} threads are to reach. */
    public Gap(int threads) {
        this.reached = new CountDownLatch(threads);
    }

    /** Called by a thread in the gap: counts it in, then waits until released. */
    public void pass() {
        reached.countDown();
        await(released, "nobody released the gap");
    }

    /** Waits (bounded) until every thread has reached the gap. */
    public Gap awaitReached() {
        await(reached, "not every thread reached the gap");
        return this;
    }

    /** Lets the threads in the gap go on (and any later one pass without stopping). */
    public void release() {
        released.countDown();
    }

    private static void await(CountDownLatch latch, String whatWentWrong) {
        try {
            if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException(whatWentWrong + " within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException("interrupted while waiting in a gap");
        }
    }
}

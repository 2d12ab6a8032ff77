package dev.sharedsession.race;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gap between two steps of the code under test, for threads that call those steps one by one
 * themselves: each of them {@link #pass passes} the gap after its first step and waits there
 * until {@link #release()}. It is {@link Pause}'s counterpart where no pause point fits: a
 * pause point stops a thread <em>inside</em> a Hibernate call, a gap stops it <em>between</em>
 * two calls (where, say, a lock around every call is free).
 *
 * <p>Every wait is bounded by {@link Race#TIMEOUT}, and throws {@link RaceTimeoutException}. A
 * gap made by {@link Stage#gap(String...)} knows which threads it waits for: if one of them ends
 * without passing it, {@link #awaitReached()} fails at once with an {@link EndedFirstException}
 * instead of waiting out the timeout.
 */
public final class Gap {

    private static final Duration TIMEOUT = Race.TIMEOUT;

    private final CountDownLatch reached;
    /** Counted down when every thread has reached the gap, or when one it waits for ended first. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> expected;
    private final Set<String> passed = ConcurrentHashMap.newKeySet();
    private final long made = Ending.moment();
    private volatile Ending endedFirst;

    /** A gap that {@code threads} threads, whichever, are to reach. */
    public Gap(int threads) {
        this.reached = new CountDownLatch(threads);
        this.expected = List.of();
    }

    /** A gap that the threads named {@code threads} are to reach (see {@link Stage#gap(String...)}). */
    Gap(List<String> threads) {
        this.reached = new CountDownLatch(threads.size());
        this.expected = List.copyOf(threads);
    }

    /** Called by a thread in the gap: counts it in, then waits until released. */
    public void pass() {
        passed.add(Thread.currentThread().getName());
        reached.countDown();
        if (reached.getCount() == 0) {
            settled.countDown();
        }
        await(released, "nobody released the gap");
    }

    /**
     * Waits (bounded) until every thread has reached the gap.
     *
     * @throws EndedFirstException  at once, if a thread it waits for ended without reaching it
     * @throws RaceTimeoutException if not every thread reached it within the timeout
     */
    public Gap awaitReached() {
        await(settled, "not every thread reached the gap");
        Ending ending = endedFirst;
        if (ending != null && reached.getCount() > 0) {
            throw new EndedFirstException("the gap for '" + String.join("', '", expected) + "'", ending);
        }
        return this;
    }

    /** Lets the threads in the gap go on (and any later one pass without stopping). */
    public void release() {
        released.countDown();
    }

    /** A unit of work ended: if it is a thread this gap waits for, begun after the gap was made, that never passed, it never will. */
    void ended(Ending ending) {
        if (expected.contains(ending.thread()) && ending.began() > made && !passed.contains(ending.thread())) {
            endedFirst = ending;
            settled.countDown();
        }
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

package dev.sharedsession.common.race;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * One armed pause point: the first time the named thread passes the hook with a matching
 * subject, it stops there until {@link #release()}. Other threads, and later passes, go by.
 *
 * <p>Every wait is bounded: {@link #awaitReached()} throws {@link RaceTimeoutException} if the
 * thread never arrives, and a paused thread that is never released gives up after the timeout
 * with the same exception (thrown inside Hibernate, on its own thread), so nothing blocks forever.
 */
public final class Pause {

    private final Hook hook;
    private final String threadName;
    private final String description;
    private final Predicate<Object> subject;
    private final Duration timeout;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    Pause(Hook hook, String threadName, String description, Predicate<Object> subject, Duration timeout) {
        this.hook = hook;
        this.threadName = threadName;
        this.description = description;
        this.subject = subject;
        this.timeout = timeout;
    }

    /** Called by the hooks on whatever thread passes them. */
    void passing(Hook passedHook, Object passedSubject) {
        if (passedHook != hook
                || !Thread.currentThread().getName().equals(threadName)
                || !subject.test(passedSubject)
                || !taken.compareAndSet(false, true)) {
            return;
        }
        reached.countDown();
        try {
            if (!released.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException(this + ": nobody released it within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException(this + ": interrupted while paused");
        }
    }

    /** Waits (bounded) until the thread has stopped here. */
    public Pause awaitReached() {
        try {
            if (!reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException(this + ": never reached within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException(this + ": interrupted while waiting for it");
        }
        return this;
    }

    /** Lets the paused thread go on (or lets it pass without stopping, if it has not arrived yet). */
    public void release() {
        released.countDown();
    }

    public boolean wasReached() {
        return reached.getCount() == 0;
    }

    @Override
    public String toString() {
        return "pause of '" + threadName + "' " + hook.words() + " " + description;
    }
}

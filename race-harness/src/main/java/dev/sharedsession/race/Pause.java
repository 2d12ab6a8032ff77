package dev.sharedsession.race;

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
 *
 * <p>It also ends early. If the named thread, started on a {@link Stage} after this pause was
 * armed (an actor, or a task of the stage's executor), ends without having stopped here, it never
 * will: {@link #awaitReached()} then fails at once with an {@link EndedFirstException} whose
 * cause is what the thread ended with (such as the session guard refusing its first call),
 * instead of waiting out the timeout. The pause is spent: a later thread of that name goes by.
 */
public final class Pause {

    private final Hook hook;
    private final String threadName;
    private final String description;
    private final Predicate<Object> subject;
    private final Duration timeout;
    private final long armed = Ending.moment();
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CountDownLatch reached = new CountDownLatch(1);
    /** Counted down when the thread stops here, or when it ended without doing so. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Ending endedFirst;

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
        settled.countDown();
        try {
            if (!released.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException(this + ": nobody released it within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException(this + ": interrupted while paused");
        }
    }

    /**
     * Waits (bounded) until the thread has stopped here.
     *
     * @throws EndedFirstException  at once, if the thread ended without stopping here
     * @throws RaceTimeoutException if it did not arrive within the timeout
     */
    public Pause awaitReached() {
        try {
            if (!settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException(this + ": never reached within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException(this + ": interrupted while waiting for it");
        }
        Ending ending = endedFirst;
        if (ending != null) {
            throw new EndedFirstException(toString(), ending);
        }
        return this;
    }

    /**
     * A unit of work ended: if it ran on this pause's thread, began after this pause was armed,
     * and did not stop here, the thread will not come: the pause is spent and its wait ends.
     */
    void ended(Ending ending) {
        if (ending.thread().equals(threadName) && ending.began() > armed && taken.compareAndSet(false, true)) {
            endedFirst = ending;
            settled.countDown();
        }
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

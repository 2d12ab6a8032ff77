package dev.sharedsession.race;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One named thread in a {@link Race}, and what became of it: a value, a failure, or a hang.
 */
public final class Actor<T> {

    private final String name;
    private final Race race;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile T value;
    private volatile Throwable failure;
    private volatile long began;

    Actor(String name, Callable<T> body, Race race) {
        this.name = name;
        this.race = race;
        this.thread = new Thread(() -> {
            try {
                value = body.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                try {
                    race.ended(ending()); // before anyone can see it done: its pauses are settled first
                } finally {
                    done.countDown();
                }
            }
        }, name);
        this.thread.setDaemon(true);
    }

    void start() {
        began = Ending.moment();
        thread.start();
    }

    public String name() {
        return name;
    }

    /** Still running its body (a thread that has finished its body but not yet died does not count). */
    boolean isRunning() {
        return done.getCount() > 0;
    }

    /** Whether its body has ended, normally or not; does not wait. */
    public boolean hasEnded() {
        return !isRunning();
    }

    /** This actor's run as an {@link Ending}, once its body has ended. */
    Ending ending() {
        return new Ending(name, began, failure, false);
    }

    void interrupt() {
        thread.interrupt();
    }

    /** Waits until this actor is done; a hang past the race's deadline throws. */
    void awaitDone() {
        try {
            if (!done.await(race.nanosLeft(), TimeUnit.NANOSECONDS)) {
                throw new RaceTimeoutException("HANG: '" + name + "' did not finish within " + race.limit());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException("interrupted while waiting for '" + name + "'");
        }
    }

    /**
     * The actor's result. If it failed, throws {@link ActorFailedException} with the original
     * failure as the cause.
     */
    public T join() {
        awaitDone();
        if (failure != null) {
            throw new ActorFailedException(name, failure);
        }
        return value;
    }

    /** What the actor threw, or {@code null} if it finished normally. */
    public Throwable failure() {
        awaitDone();
        return failure;
    }

    /** The actor's ending as an {@link Outcome}. */
    public Outcome outcome() {
        try {
            awaitDone();
        } catch (RaceTimeoutException hang) {
            return Outcome.hang(name);
        }
        return failure == null ? Outcome.ok() : Outcome.failed(failure);
    }

    /** An actor ended with an exception; the cause is what it threw. */
    public static final class ActorFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ActorFailedException(String name, Throwable cause) {
            super("'" + name + "' failed: " + cause, cause);
        }
    }
}

package dev.sharedsession.web;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.task.TaskDecorator;

/**
 * Holds the application's {@code @Async} executor: Spring Boot decorates every task with this
 * (a {@link TaskDecorator} bean), so while {@link #hold()} is on, a submitted task waits on its
 * background thread until {@link #release()}. {@link #awaitFinished(int)} waits for tasks to end,
 * however they end.
 */
public final class HeldExecutor implements TaskDecorator {

    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore finished = new Semaphore(0);
    private final AtomicInteger submitted = new AtomicInteger();

    @Override
    public Runnable decorate(Runnable task) {
        submitted.incrementAndGet();        // on the submitting thread, when the task is handed over
        return () -> {
            try {
                if (!gate.await(Checkpoints.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the held executor was never released");
                }
                task.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished.release();
            }
        };
    }

    /** From now on, tasks wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Waits (bounded) until {@code tasks} more tasks have ended since the last call. */
    public void awaitFinished(int tasks) throws InterruptedException {
        if (!finished.tryAcquire(tasks, Checkpoints.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(tasks + " background task(s) did not end within " + Checkpoints.TIMEOUT);
        }
    }

    /** How many tasks were handed to the executor since the last {@link #reset()}, whether they ran yet or not. */
    public int submitted() {
        return submitted.get();
    }

    /** Releases a held gate and forgets finished and submitted tasks: after each test. */
    public void reset() {
        release();
        finished.drainPermits();
        submitted.set(0);
    }
}

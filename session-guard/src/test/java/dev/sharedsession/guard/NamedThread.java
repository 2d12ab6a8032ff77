package dev.sharedsession.guard;

import dev.sharedsession.race.Race;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One named thread that runs the steps a test gives it, in order, so that "alice opens the
 * Session, bob uses it, alice commits" is three calls on two threads that stay alive: no race,
 * no sleep, each step finished before the next starts.
 */
final class NamedThread implements AutoCloseable {

    private final String name;
    private final ExecutorService executor;

    NamedThread(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code body} on this thread and returns its result; what it throws is rethrown here. */
    <T> T call(Callable<T> body) {
        try {
            return await(submit(body));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    void run(Race.ThrowingRunnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code body} on this thread; what it threw, or null. */
    Throwable failureOf(Race.ThrowingRunnable body) {
        try {
            await(submit(() -> {
                body.run();
                return null;
            }));
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Starts {@code body} on this thread without waiting for it. */
    <T> Future<T> submit(Callable<T> body) {
        return executor.submit(body);
    }

    Thread thread() {
        return call(Thread::currentThread);
    }

    static <T> T await(Future<T> future) throws ExecutionException {
        try {
            return future.get(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a step did not finish within " + Race.TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.sharedsession.workshop;

import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a task or a thread ended, as one line a check can compare ({@code "completed"}, or
 * {@code "failed: <exception>: <message>"}), so that a failing check prints the exception's own
 * words instead of a stack trace.
 */
public final class Ending {

    public static final String COMPLETED = "completed";

    private Ending() {
    }

    /** Waits (bounded by the harness's timeout) for the future, then says how it ended. */
    public static String of(Future<?> task) {
        try {
            task.get(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return COMPLETED;
        } catch (ExecutionException failure) {
            return failed(failure.getCause());
        } catch (TimeoutException hang) {
            return "still running after " + Race.TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting";
        }
    }

    /** Waits (bounded) for the actor's thread, then says how it ended. */
    public static String of(Actor<?> actor) {
        Throwable failure = actor.failure();
        return failure == null ? COMPLETED : failed(failure);
    }

    /** A completed future's value, once {@link #of(Future)} said it completed. */
    public static <T> T valueOf(CompletableFuture<T> task) {
        return task.join();
    }

    /** A failure as one line: {@code "failed: <exception>: <message>"}, the wrapping of futures and actors peeled off. */
    public static String failed(Throwable failure) {
        return "failed: " + Outcome.peel(failure).toString().lines().findFirst().orElse("");
    }
}

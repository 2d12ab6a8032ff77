package dev.sharedsession.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named threads racing each other, so a test reads like a story ("request", "background-worker",
 * Alice and Bob) and every log line says who did it.
 *
 * <p>Everything is bounded by one deadline. An actor that has not finished by then is reported
 * as a hang ({@link RaceTimeoutException}); on {@link #close()} it is interrupted and abandoned
 * (its thread is a daemon), so a stuck race never blocks the build. What it still holds dies
 * with the test's own database.
 */
public final class Race implements AutoCloseable {

    /**
     * How long any pause, wait or race of the harness may last before it is a hang: the one
     * timeout of every test and forced run.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Race.class);

    private final Duration limit;
    private final long deadlineNanos;
    private final List<Actor<?>> actors = new ArrayList<>();
    private final Consumer<Ending> endings;

    public Race(Duration limit) {
        this(limit, ending -> { });
    }

    /** A race that tells {@code endings} of every actor whose body ends (a {@link Stage} listens). */
    Race(Duration limit, Consumer<Ending> endings) {
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
        this.endings = endings;
    }

    /** A race bounded by the harness's default timeout. */
    public static Race bounded() {
        return new Race(TIMEOUT);
    }

    /** Starts {@code body} on a new thread called {@code name}. */
    public synchronized <T> Actor<T> start(String name, Callable<T> body) {
        Actor<T> actor = new Actor<>(name, body, this);
        actors.add(actor);
        actor.start();
        return actor;
    }

    /** Same, for a body that returns nothing. */
    public <T> Actor<T> run(String name, ThrowingRunnable body) {
        return start(name, () -> {
            body.run();
            return null;
        });
    }

    /** Called on an actor's own thread as its body ends. */
    void ended(Ending ending) {
        endings.accept(ending);
    }

    long nanosLeft() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    Duration limit() {
        return limit;
    }

    /** The names of the actors whose bodies are still running, in the order they started. */
    synchronized List<String> running() {
        return actors.stream().filter(Actor::isRunning).map(Actor::name).toList();
    }

    /** Waits for every actor (bounded by the deadline); a failed actor does not stop the wait. */
    public void awaitAll() {
        List<Actor<?>> all;
        synchronized (this) {
            all = List.copyOf(actors);
        }
        for (Actor<?> actor : all) {
            actor.awaitDone();
        }
    }

    @Override
    public void close() {
        List<Actor<?>> all;
        synchronized (this) {
            all = List.copyOf(actors);
        }
        for (Actor<?> actor : all) {
            if (actor.isRunning()) {
                log.warn("{} is still running at the end of the race: interrupting and abandoning it", actor.name());
                actor.interrupt();
            }
        }
    }

    /** A {@link Runnable} that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}

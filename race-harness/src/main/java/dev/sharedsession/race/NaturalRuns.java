package dev.sharedsession.race;

import dev.sharedsession.database.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a scenario naturally N times and counts how it ended. Each run is cut off after its
 * limit and counted as a HANG; a run that hangs or leaves pooled connections checked out
 * spoils its database, so the next run gets a fresh one.
 */
public final class NaturalRuns {

    private NaturalRuns() {
    }

    public static Tally repeat(int runs, Duration perRunLimit, Supplier<Database> databases, NaturalRun scenario) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        Tally tally = new Tally();
        Database db = databases.get();
        try {
            for (int i = 0; i < runs; i++) {
                Outcome outcome = runChecked(db, perRunLimit, scenario);
                tally.add(outcome);
                if (spoils(db, outcome)) {
                    db.close();
                    db = databases.get();
                }
            }
        } finally {
            db.close();
        }
        return tally;
    }

    /**
     * One run, cut off after {@code limit} as a HANG; a run that "worked" but left pooled
     * connections checked out went wrong all the same.
     */
    public static Outcome runChecked(Database db, Duration limit, NaturalRun scenario) {
        Outcome outcome = runOnce(db, limit, scenario);
        int leaked = db.activeConnections();
        if (leaked > 0 && !outcome.wentWrong()) {
            return Outcome.wrong("left " + leaked + " pooled connection(s) checked out");
        }
        return outcome;
    }

    /** Whether {@code db} is unfit for the next run: the run hung or left connections checked out. */
    public static boolean spoils(Database db, Outcome outcome) {
        return outcome.wentWrong() && (db.activeConnections() > 0 || outcome.label().startsWith("HANG"));
    }

    private static Outcome runOnce(Database db, Duration limit, NaturalRun scenario) {
        try (Race race = new Race(limit)) {
            Actor<Outcome> run = race.start("natural-run", () -> scenario.runOnce(db));
            try {
                return run.join();
            } catch (RaceTimeoutException hang) {
                return Outcome.hang("the scenario");
            } catch (Actor.ActorFailedException failure) {
                return Outcome.failed(failure.getCause());
            }
        }
    }

    /**
     * For scenarios that hand work to a background executor: runs {@code handOff} with a fresh
     * single-thread executor (thread {@code background-worker}), waits (bounded) for the task it
     * returns, and says how the task ended. The executor is shut down either way.
     */
    public static Outcome handOff(Database db, Function<Executor, Future<?>> handOff) throws InterruptedException {
        ExecutorService background = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "background-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            handOff.apply(background).get(PausePoints.of(db).timeout().toMillis(), TimeUnit.MILLISECONDS);
            return Outcome.ok();
        } catch (ExecutionException failure) {
            return Outcome.failed(failure);
        } catch (TimeoutException hang) {
            return Outcome.hang("background-worker");
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * {@link #handOff} for a crowd: {@code requests} threads ({@code request-1}, {@code request-2}
     * ...) each run {@code handOff} with their number (1, 2 ...) against one executor of as many
     * background threads ({@code background-worker}, {@code background-worker-2} ...), all on
     * {@code stage}, started together; waits (bounded) for every request and every task, and
     * reports the first that went wrong.
     */
    public static Outcome handOffs(Stage stage, int requests, BiFunction<Executor, Integer, Future<?>> handOff)
            throws InterruptedException {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, was " + requests);
        }
        GatedExecutor background = stage.running("background-worker", requests);
        List<Actor<Future<?>>> handing = new ArrayList<>();
        for (int r = 1; r <= requests; r++) {
            int number = r;
            handing.add(stage.start("request-" + r, () -> handOff.apply(background, number)));
        }
        // Every request and every task it handed off ends before the run is judged: none is left
        // running into the next run. The first that went wrong is the run's outcome.
        Outcome ended = stage.endedWithItsThreads(Outcome.ok());
        if (ended.wentWrong()) {
            return ended;
        }
        Outcome first = Outcome.ok();
        for (Actor<Future<?>> request : handing) {
            Outcome outcome = request.failure() != null ? Outcome.failed(request.failure())
                    : Outcome.of(request.join(), PausePoints.of(stage.db()).timeout(), "background-worker");
            first = first.wentWrong() ? first : outcome;
        }
        return first;
    }

    /** The crowd size of a natural run: at least 1, or an {@code IllegalArgumentException} saying so. */
    public static void requireThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }
}

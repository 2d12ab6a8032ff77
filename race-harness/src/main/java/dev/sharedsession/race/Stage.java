package dev.sharedsession.race;

import dev.sharedsession.database.Database;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one forced interleaving needs, in one place and closed together: the database
 * (with its {@link PausePoints}), named threads ({@link Race}) and background executors
 * ({@link GatedExecutor}). A test gets one as a parameter ({@code @RaceTest void x(Stage stage)}),
 * a forced run of {@code ./lab} gets one per run, so neither writes its own
 * {@code try (Race race = ...; GatedExecutor background = ...)} block.
 *
 * <p>A stage knows when each of its threads' units of work ends (an actor's body, a task of one
 * of its executors), and tells its database's pause points and its gaps: a wait for a thread
 * that has ended without getting there fails at once ({@link EndedFirstException}) rather than
 * running into the timeout. That is how a forced run ends quickly when something stops a thread
 * on purpose, such as the session guard.
 *
 * <p>Closing it closes the executors (failing if one dropped a held task), then the race
 * (interrupting a thread still running past {@link Race#TIMEOUT}). The database is not closed:
 * whoever opened it owns it.
 */
public final class Stage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Stage.class);

    private final Database db;
    private final Race race = new Race(Race.TIMEOUT, this::ended);
    private final List<GatedExecutor> executors = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();

    public Stage(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    /** The pause points of this stage's database. */
    public PausePoints pauses() {
        return PausePoints.of(db);
    }

    /** Stops {@code thread} just before its first SQL statement containing {@code sqlFragment}. */
    public Pause beforeStatement(String thread, String sqlFragment) {
        return pauses().beforeStatement(thread, sqlFragment);
    }

    /** Starts {@code body} on a new thread called {@code thread}. */
    public <T> Actor<T> start(String thread, Callable<T> body) {
        return race.start(thread, body);
    }

    /** The same, for a body that returns nothing. */
    public Actor<Void> run(String thread, Race.ThrowingRunnable body) {
        return race.run(thread, body);
    }

    /**
     * Waits (bounded by the race's deadline) for every thread started on this stage and every
     * task handed to one of its executors; a {@link RaceTimeoutException} if one is still running.
     */
    public void awaitAll() {
        race.awaitAll();
        List<GatedExecutor> all;
        synchronized (this) {
            all = List.copyOf(executors);
        }
        try {
            for (GatedExecutor executor : all) {
                log.debug("waiting for the tasks of executor '{}'", executor.name());
                if (!executor.awaitTasks(race.nanosLeft())) {
                    throw new RaceTimeoutException("HANG: a background task did not finish within " + race.limit());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException("interrupted while waiting for background tasks");
        }
    }

    /**
     * A run is over when every thread it started is over: waits ({@link #awaitAll}) before
     * handing back {@code outcome}. A run that judges itself at its first failure may leave other
     * threads running; waiting here keeps their later calls (and the session guard's refusals of
     * them) inside this run, not in the next one. One still running at the deadline makes the run
     * a HANG, unless it had already gone wrong.
     */
    public Outcome endedWithItsThreads(Outcome outcome) {
        List<String> running = race.running();
        if (!running.isEmpty()) {
            log.debug("the run is judged; waiting for its threads still running: {}", running);
        }
        try {
            awaitAll();
            return outcome;
        } catch (RaceTimeoutException stillRunning) {
            return outcome.wentWrong() ? outcome : Outcome.hang("a thread of the run");
        }
    }

    /**
     * A gap the threads named {@code threads} are to reach (see {@link Gap}); if one of them,
     * started on this stage, ends without reaching it, waiting for the gap fails at once.
     */
    public synchronized Gap gap(String... threads) {
        Gap gap = new Gap(Arrays.asList(threads));
        gaps.add(gap);
        return gap;
    }

    /** A background executor whose tasks wait until {@link GatedExecutor#open()}. */
    public GatedExecutor held(String name, int threads) {
        return keep(GatedExecutor.held(name, threads));
    }

    /** A background executor whose tasks run as soon as they are submitted. */
    public GatedExecutor running(String name, int threads) {
        return keep(GatedExecutor.running(name, threads));
    }

    private synchronized GatedExecutor keep(GatedExecutor executor) {
        executor.whenTasksEnd(this::ended);
        executors.add(executor);
        return executor;
    }

    /** A unit of work of one of this stage's threads ended: the waits for that thread hear of it. */
    private void ended(Ending ending) {
        db.instrumentation(PausePoints.class).ifPresent(pauses -> pauses.ended(ending));
        List<Gap> all;
        synchronized (this) {
            all = List.copyOf(gaps);
        }
        all.forEach(gap -> gap.ended(ending));
    }

    @Override
    public void close() {
        RuntimeException first = null;
        List<GatedExecutor> all;
        synchronized (this) {
            all = List.copyOf(executors);
        }
        for (GatedExecutor executor : all) {
            try {
                executor.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        race.close();
        if (first != null) {
            throw first;
        }
    }
}

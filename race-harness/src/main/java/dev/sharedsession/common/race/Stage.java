package dev.sharedsession.common.race;

import dev.sharedsession.common.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Everything one forced interleaving needs, in one place and closed together: the database
 * (with its {@link PausePoints}), named threads ({@link Race}) and background executors
 * ({@link GatedExecutor}). A test gets one as a parameter ({@code @RaceTest void x(Stage stage)}),
 * a forced run of {@code ./lab} gets one per run, so neither writes its own
 * {@code try (Race race = ...; GatedExecutor background = ...)} block.
 *
 * <p>Closing it closes the executors (failing if one dropped a held task), then the race
 * (interrupting a thread still running past {@link Race#TIMEOUT}). The database is not closed:
 * whoever opened it owns it.
 */
public final class Stage implements AutoCloseable {

    private final Database db;
    private final Race race = Race.bounded();
    private final List<GatedExecutor> executors = new ArrayList<>();

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

    /** Waits (bounded) for every thread started on this stage. */
    public void awaitAll() {
        race.awaitAll();
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
        executors.add(executor);
        return executor;
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

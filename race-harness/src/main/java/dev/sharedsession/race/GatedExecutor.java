package dev.sharedsession.race;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background executor whose tasks can be held at the door: the stand-in for "the executor
 * the request hands its work to", with the test deciding when that work actually starts.
 *
 * <ul>
 *   <li>{@link #held(String, int)}: tasks wait (bounded) until {@link #open()}: forces
 *       "the request finishes first".</li>
 *   <li>{@link #running(String, int)}: tasks run as soon as they are submitted.</li>
 * </ul>
 * Its threads carry the given name ({@code background-worker}, or {@code background-worker-2}
 * and so on with several), so pause points can be armed for them.
 */
public final class GatedExecutor implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatedExecutor.class);

    private final String name;
    private final ExecutorService threads;
    private final CountDownLatch gate;
    private final Duration timeout;
    private final Semaphore finished = new Semaphore(0);
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final java.util.List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Consumer<Ending> endings = ending -> { };

    private GatedExecutor(String name, int size, boolean held, Duration timeout) {
        this.name = name;
        AtomicInteger number = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, task -> {
            int n = number.incrementAndGet();
            Thread thread = new Thread(task, size == 1 || n == 1 ? name : name + "-" + n);
            thread.setDaemon(true);
            return thread;
        });
        this.gate = new CountDownLatch(held ? 1 : 0);
        this.timeout = timeout;
    }

    /** Tasks wait until {@link #open()}. */
    public static GatedExecutor held(String name, int threads) {
        return new GatedExecutor(name, threads, true, Race.TIMEOUT);
    }

    /** Held, with another limit on how long a task waits at the door (for the harness's own tests). */
    static GatedExecutor held(String name, int threads, Duration timeout) {
        return new GatedExecutor(name, threads, true, timeout);
    }

    /** Tasks run as soon as they arrive. */
    public static GatedExecutor running(String name, int threads) {
        return new GatedExecutor(name, threads, false, Race.TIMEOUT);
    }

    @Override
    public void execute(Runnable task) {
        submitted.incrementAndGet();
        threads.execute(() -> {
            long began = 0;
            Throwable failed = null;
            try {
                if (awaitGate()) {
                    began = Ending.moment();
                    task.run();
                } else {
                    dropped.incrementAndGet();
                }
            } catch (RuntimeException | Error failure) {
                // A plain Runnable's failure has no future to land in: keep it, so a test can
                // show what the application swallowed (see uncaught()).
                failed = failure;
                uncaught.add(failure);
                log.warn("a background task failed and nobody was told: {}", Outcome.describe(failure));
            } finally {
                try {
                    if (began != 0) {
                        endings.accept(new Ending(Thread.currentThread().getName(), began, failed, true));
                    }
                } finally {
                    finished.release();
                }
            }
        });
    }

    /** The name of its (first) thread. */
    String name() {
        return name;
    }

    /** Tells {@code listener} of every task that ran to its end (a {@link Stage} listens). */
    void whenTasksEnd(Consumer<Ending> listener) {
        this.endings = listener;
    }

    /** Returns whether the task may run. */
    private boolean awaitGate() {
        try {
            if (!gate.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // The task never runs, so its future never completes: say so loudly.
                log.error("a background task was held and never let in within {}: dropped", timeout);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            // The executor is being closed with the task still held: the test is over.
            log.warn("a held background task was dropped: the executor closed before its gate opened");
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lets held tasks start (and every later one run at once). */
    public void open() {
        gate.countDown();
    }

    /**
     * Waits until {@code count} tasks have finished, successfully or not (or were dropped at the
     * gate). Bounded by twice the timeout: a task may wait that long at the gate, then as long to run.
     */
    public void awaitFinished(int count) {
        Duration limit = timeout.multipliedBy(2);
        try {
            if (!finished.tryAcquire(count, limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException("HANG: " + count + " background task(s) did not finish within " + limit);
            }
            finished.release(count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaceTimeoutException("interrupted while waiting for background tasks");
        }
    }

    /**
     * Waits at most {@code nanos} until every task handed over so far has ended; returns whether
     * they did. With the gate still closed nothing can be running (every task waits at the door,
     * to be dropped by {@link #close()}), so there is nothing to wait for.
     */
    boolean awaitTasks(long nanos) throws InterruptedException {
        if (gate.getCount() > 0) {
            return true;
        }
        int count = submitted.get();
        if (!finished.tryAcquire(count, nanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        finished.release(count);
        return true;
    }

    /**
     * What tasks submitted with {@link #execute} threw: a plain {@code Runnable} has no future
     * for its failure, so without this list it would be gone (the scenario of a swallowed
     * background failure asserts it).
     */
    public java.util.List<Throwable> uncaught() {
        return java.util.List.copyOf(uncaught);
    }

    /** Tasks that were held at the gate and never ran. */
    public int dropped() {
        return dropped.get();
    }

    /**
     * Opens the gate and abandons whatever still runs (its threads are daemons). A task that
     * was held and never ran is not dropped silently: close fails, saying how many.
     */
    @Override
    public void close() {
        open();
        threads.shutdownNow();
        if (dropped.get() > 0) {
            throw new IllegalStateException(dropped.get() + " background task(s) held at the gate were never run;"
                    + " open() the executor before the test ends, or use running(...)");
        }
    }
}

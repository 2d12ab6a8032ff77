package dev.sharedsession.safe;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small background-task runner that cannot lose a failure and cannot grow without bound.
 *
 * <ul>
 *   <li>Every task gets a {@link CompletableFuture}: its caller can wait for it, or chain on it.</li>
 *   <li>Every failure is also logged at ERROR with the task's name and counted in
 *       {@link #failures()}, so even a caller that drops the future leaves a trace.</li>
 *   <li>A fixed number of named threads and a bounded queue: a task that finds all threads busy
 *       and the queue full is rejected at once, to the caller, with
 *       {@link RejectedExecutionException} saying how full it is. The caller learns the
 *       background is overloaded now, not when memory runs out.</li>
 * </ul>
 * Each task opens its own Session inside (the runner knows nothing of Hibernate): only ids
 * should cross into it.
 */
public final class BackgroundTasks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

    private final String name;
    private final int queueCapacity;
    private final ThreadPoolExecutor threads;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger rejections = new AtomicInteger();

    /** {@code threadCount} threads called {@code name}, {@code name-2}...; at most {@code queueCapacity} tasks waiting. */
    public BackgroundTasks(String name, int threadCount, int queueCapacity) {
        this.name = name;
        this.queueCapacity = queueCapacity;
        AtomicInteger number = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                task -> {
                    int n = number.incrementAndGet();
                    Thread thread = new Thread(task, n == 1 ? name : name + "-" + n);
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code task} on a background thread. The future completes with its result or its
     * failure; a failure is logged and counted as well.
     *
     * @throws RejectedExecutionException at once if every thread is busy and the queue is full
     */
    public <T> CompletableFuture<T> submit(String taskName, Callable<T> task) {
        Task<T> wrapped = new Task<>(taskName, task);
        try {
            threads.execute(wrapped);
        } catch (RejectedExecutionException full) {
            rejections.incrementAndGet();
            throw new RejectedExecutionException("background task '" + taskName + "' rejected: all "
                    + threads.getMaximumPoolSize() + " thread(s) of '" + name + "' are busy and its queue is full ("
                    + queueCapacity + " waiting)", full);
        }
        return wrapped.result;
    }

    /** A task and the future its caller holds. */
    private final class Task<T> implements Runnable {
        final String taskName;
        final Callable<T> body;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Task(String taskName, Callable<T> body) {
            this.taskName = taskName;
            this.body = body;
        }

        @Override
        public void run() {
            try {
                result.complete(body.call());
            } catch (Throwable failure) {
                failures.incrementAndGet();
                log.error("background task '{}' failed", taskName, failure);
                result.completeExceptionally(failure);
            }
        }

        void dropped() {
            result.completeExceptionally(new CancellationException(
                    "background task '" + taskName + "' never ran: '" + name + "' was closed first"));
        }
    }

    /** Tasks that failed so far. */
    public int failures() {
        return failures.get();
    }

    /** Tasks turned away because the queue was full. */
    public int rejections() {
        return rejections.get();
    }

    /** Tasks waiting in the queue right now. */
    public int waiting() {
        return threads.getQueue().size();
    }

    /** Lets queued tasks finish, waiting at most {@code limit}; returns whether all did. */
    public boolean drain(Duration limit) throws InterruptedException {
        threads.shutdown();
        return threads.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops at once: running tasks are interrupted, queued ones never run and their futures say so. */
    @Override
    public void close() {
        for (Runnable queued : threads.shutdownNow()) {
            ((Task<?>) queued).dropped();
        }
    }
}

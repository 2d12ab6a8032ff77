package dev.sharedsession.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Where a test stops a thread of the running application: just before Hibernate prepares a SQL
 * statement (this is the factory's {@code StatementInspector}), or at a named point of the request
 * ({@link WebHooks}: the response written, the request ended). A {@link Gate} stops the first
 * thread whose name starts with a prefix ({@code http-nio-} for a request, {@code background-} for
 * the {@code @Async} work) until the test releases it; every wait is bounded by {@link #TIMEOUT}.
 * A statement can also be made to fail, as a database or a bug would.
 */
public final class Checkpoints implements StatementInspector {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long serialVersionUID = 1L;

    private final transient List<Gate> gates = new CopyOnWriteArrayList<>();
    private final transient List<Failure> failures = new CopyOnWriteArrayList<>();
    private final transient Object requests = new Object();
    private int requestsInFlight;

    /** Stops the first thread named {@code threadPrefix}... before a statement containing {@code sqlFragment}. */
    public Gate beforeStatement(String threadPrefix, String sqlFragment) {
        return arm(threadPrefix, "sql: " + sqlFragment.toLowerCase(Locale.ROOT), true);
    }

    /** Stops the first thread named {@code threadPrefix}... when it passes {@code point}. */
    public Gate at(String threadPrefix, String point) {
        return arm(threadPrefix, point, true);
    }

    /** Notes when a thread named {@code threadPrefix}... passes {@code point}, without stopping it. */
    public Gate noticing(String threadPrefix, String point) {
        return arm(threadPrefix, point, false);
    }

    /** Makes the first statement containing {@code sqlFragment} on a thread named {@code threadPrefix}... throw. */
    public void failStatement(String threadPrefix, String sqlFragment, String message) {
        failures.add(new Failure(threadPrefix, sqlFragment.toLowerCase(Locale.ROOT), message, new AtomicBoolean()));
    }

    /** Lets every stopped thread go and forgets every gate and failure: after each test. */
    public void reset() {
        gates.forEach(Gate::release);
        gates.clear();
        failures.clear();
    }

    private Gate arm(String threadPrefix, String point, boolean stops) {
        Gate gate = new Gate(threadPrefix, point, stops);
        gates.add(gate);
        return gate;
    }

    /** Called at a point by whatever thread passes it. */
    public void passing(String point) {
        String thread = Thread.currentThread().getName();
        for (Gate gate : gates) {
            gate.passing(thread, point);
        }
    }

    /** A request entered the application ({@link WebHooks}' filter, before anything else). */
    public void requestStarted() {
        synchronized (requests) {
            requestsInFlight++;
        }
    }

    /** A request left it, its EntityManager closed ({@link WebHooks}' filter, last). */
    public void requestEnded() {
        synchronized (requests) {
            requestsInFlight--;
            requests.notifyAll();
        }
    }

    /**
     * Waits (bounded) until every request that entered has ended. A client has its response before
     * the request ends: with open-in-view, the request's EntityManager, and the connection it holds,
     * is closed only after the response is written.
     */
    public void awaitRequestsEnded() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (requests) {
            while (requestsInFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(requestsInFlight + " request(s) still running after " + TIMEOUT);
                }
                TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
        }
    }

    @Override
    public String inspect(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        String thread = Thread.currentThread().getName();
        for (Failure failure : failures) {
            if (thread.startsWith(failure.threadPrefix) && lower.contains(failure.fragment)
                    && failure.taken.compareAndSet(false, true)) {
                throw new IllegalStateException(failure.message);
            }
        }
        for (Gate gate : gates) {
            if (gate.point.startsWith("sql: ") && lower.contains(gate.point.substring(5))) {
                gate.passing(thread, gate.point);
            }
        }
        return sql;
    }

    private record Failure(String threadPrefix, String fragment, String message, AtomicBoolean taken) {
    }

    /** One armed stop: the first matching thread waits here until {@link #release()}. */
    public static final class Gate {
        private final String threadPrefix;
        private final String point;
        private final boolean stops;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String thread;

        private Gate(String threadPrefix, String point, boolean stops) {
            this.threadPrefix = threadPrefix;
            this.point = point;
            this.stops = stops;
        }

        private void passing(String threadName, String passed) {
            if (!passed.equals(point) || !threadName.startsWith(threadPrefix) || !taken.compareAndSet(false, true)) {
                return;
            }
            thread = threadName;
            reached.countDown();
            if (!stops) {
                return;
            }
            try {
                if (!released.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(this + ": nobody released it within " + TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(this + ": interrupted", e);
            }
        }

        /** Waits (bounded) until a matching thread is here; returns its name. */
        public String awaitReached() throws InterruptedException {
            if (!reached.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(this + ": never reached within " + TIMEOUT);
            }
            return thread;
        }

        public boolean wasReached() {
            return reached.getCount() == 0;
        }

        public void release() {
            released.countDown();
        }

        @Override
        public String toString() {
            return "gate of '" + threadPrefix + "...' at '" + point + "'";
        }
    }
}

package dev.sharedsession.broken;

import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.Database;
import dev.sharedsession.common.model.Customer;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.model.PurchaseOrder;
import dev.sharedsession.common.model.Receipt;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.GatedExecutor;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.RaceTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.exception.JDBCConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 12, broken: background work starves the requests of connections.
 *
 * <p>The story. Sessions are per thread, opened and closed with {@code inTransaction}: by the
 * book. Background workers ({@code background-worker}, {@code background-worker-2}) write
 * monthly statements: load the customer, render the statement (slow work that needs no
 * database: a PDF renderer, a call to a payment provider), save it. Meanwhile requests
 * ({@code request}, {@code request-1}...) place orders, each a unit of work of a few
 * milliseconds. The pool has two connections; a thread waits at most 500 ms for one.
 *
 * <p>What breaks. A Session in a transaction holds one JDBC connection from {@code begin} to
 * {@code commit}: with a resource-local transaction Hibernate takes it from the pool when the
 * transaction begins, to switch auto-commit off, and gives it back only when the transaction
 * ends. The statement task renders <em>inside</em> its transaction, so while it waits on the
 * renderer it holds a connection doing nothing. Two workers, two connections: the pool is empty
 * for as long as the rendering takes, and every request times out:
 * {@code org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection
 * [pool-3 - Connection is not available, request timed out after 501ms (total=2, active=2,
 * idle=0, waiting=0)] [n/a]} (on 7.4.15 with HikariCP 7; its cause is HikariCP's
 * {@code java.sql.SQLTransientConnectionException} with the text in brackets). And even with no
 * slow work at all, a background executor with as many threads as the pool has connections
 * can take every connection at once.
 *
 * <p>The fix, in {@code safe-session-per-thread}: acquire late, release early (read in one
 * short unit of work, do the slow work with no Session open, write in another), and a
 * background executor with fewer threads than the pool has connections, so requests always
 * find one.
 */
public final class Scenario12_PoolStarvation {

    private static final Logger log = LoggerFactory.getLogger(Scenario12_PoolStarvation.class);

    /** The crowd of the natural run unless told otherwise: requests placing an order each. */
    public static final int DEFAULT_THREADS = 4;

    /** Slow work that needs no database: rendering a statement, calling a remote service. */
    @FunctionalInterface
    public interface SlowWork {
        String render(String customerName) throws InterruptedException;
    }

    private final SessionFactory sessionFactory;
    private final Executor background;
    private final SlowWork slowWork;

    public Scenario12_PoolStarvation(SessionFactory sessionFactory, Executor background, SlowWork slowWork) {
        this.sessionFactory = sessionFactory;
        this.background = background;
        this.slowWork = slowWork;
    }

    /** The settings this scenario runs on: {@code base} with a pool of two and a 500 ms wait for a connection. */
    public static Database.Settings smallPool(Database.Settings base) {
        return base.withPoolSize(2).withConnectionTimeout(Duration.ofMillis(500));
    }

    /** How many background threads to run beside a pool of {@code poolSize}: one per connection. */
    public static int backgroundThreadsFor(int poolSize) {
        return poolSize; // BROKEN: "one worker per connection" leaves none for the requests
    }

    /** Hands "write this customer's statement" to the background. */
    public CompletableFuture<Void> submitStatement(long customerId) {
        return CompletableFuture.runAsync(() -> writeStatement(customerId), background);
    }

    /** The background task: one unit of work around the whole job. */
    void writeStatement(long customerId) {
        sessionFactory.inTransaction(session -> {
            Customer customer = session.find(Customer.class, customerId);
            // BROKEN: the slow work runs inside the transaction, so the Session's connection
            // stays checked out, idle, for as long as it takes.
            String text = render(customer.getName());
            session.persist(new Receipt(customerId, text));
        });
        log.info("statement written for customer {}", customerId);
    }

    private String render(String customerName) {
        try {
            return slowWork.render(customerName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the statement for " + customerName, e);
        }
    }

    /** The request: one short unit of work that places an order. */
    public long placeOrder(long customerId, long amountCents) {
        return sessionFactory.fromTransaction(session -> {
            PurchaseOrder order = new PurchaseOrder(session.getReference(Customer.class, customerId), amountCents);
            session.persist(order);
            return order.getId();
        });
    }

    /**
     * Stand-in for a slow remote service in the natural runs only: it answers after
     * {@code latency}. (The forced tests use a latch they release instead.)
     */
    public static SlowWork remoteCall(Duration latency) {
        return customerName -> {
            CompletableFuture<String> reply = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(latency.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> reply.complete("statement for " + customerName));
            try {
                return reply.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        };
    }

    /** One natural run with {@value #DEFAULT_THREADS} requests placing an order each: see {@link #runNaturally(Database, int)}. */
    public static Outcome runNaturally(Database db) throws Exception {
        return runNaturally(db, DEFAULT_THREADS);
    }

    /**
     * One natural run, nothing forced: two statements go to the background (the renderer takes
     * 600 ms, like a slow remote service) and {@code threads} requests place an order each at
     * the same time. Goes wrong if a request or a statement fails.
     */
    public static Outcome runNaturally(Database db, int threads) throws Exception {
        NaturalRuns.requireThreads(threads);
        try (Database small = PausePoints.openDatabase(smallPool(db.settings()))) {
            return statementsAndRequests(small, threads);
        }
    }

    private static Outcome statementsAndRequests(Database db, int threads) throws InterruptedException {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        long bob = Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 0);
        ExecutorService background = namedThreads("background-worker", backgroundThreadsFor(db.settings().poolSize()));
        ExecutorService requests = namedThreads("request", threads);
        try {
            var shop = new Scenario12_PoolStarvation(db.sessionFactory(), background, remoteCall(Duration.ofMillis(600)));
            List<CompletableFuture<?>> work = new ArrayList<>();
            work.add(shop.submitStatement(alice));
            work.add(shop.submitStatement(bob));
            for (int r = 0; r < threads; r++) {
                work.add(CompletableFuture.supplyAsync(() -> shop.placeOrder(alice, 1_000), requests));
            }
            for (CompletableFuture<?> each : work) {
                try {
                    each.get(PausePoints.of(db).timeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException failure) {
                    return failed(failure.getCause());
                } catch (TimeoutException hang) {
                    return Outcome.hang("a statement or a request");
                }
            }
            return Outcome.ok();
        } finally {
            background.shutdownNow();
            requests.shutdownNow();
        }
    }

    /**
     * The headline, forced: both statements are handed to the background and every background
     * thread is inside its slow rendering when a request places an order. Each holds its Session's connection through the rendering,
     * so the pool is empty: "a request timed out waiting for a pooled connection (JDBCConnectionException)".
     */
    public static Outcome runForced(Database db) throws Exception {
        HeldSlowWork slow = new HeldSlowWork(PausePoints.of(db).timeout());
        try (Database small = PausePoints.openDatabase(smallPool(db.settings()));
             Race race = Race.bounded();
             GatedExecutor background = GatedExecutor.running("background-worker", backgroundThreadsFor(small.settings().poolSize()))) {
            long alice = Fixtures.customerWithOrders(small.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(small.sessionFactory(), "Bob", "South", 0);
            var shop = new Scenario12_PoolStarvation(small.sessionFactory(), background, slow);
            List<CompletableFuture<Void>> statements = List.of(shop.submitStatement(alice), shop.submitStatement(bob));
            slow.awaitBusy(backgroundThreadsFor(small.settings().poolSize())); // every background thread is rendering
            Actor<Long> request = race.start("request", () -> shop.placeOrder(alice, 1_000));
            Throwable requestFailure = request.failure();
            slow.finish();
            if (requestFailure != null) {
                return failed(requestFailure);
            }
            for (CompletableFuture<Void> statement : statements) {
                Outcome written = Outcome.of(statement, PausePoints.of(small).timeout(), "background-worker");
                if (written.wentWrong()) {
                    return written;
                }
            }
            return Outcome.expectCount(small, "select count(*) from Receipt", 2);
        } finally {
            slow.finish();
        }
    }

    /** A failed statement or request, with one label for a pool timeout however many milliseconds HikariCP reports. */
    private static Outcome failed(Throwable failure) {
        if (failure instanceof JDBCConnectionException) {
            return Outcome.wrong("a request timed out waiting for a pooled connection (JDBCConnectionException)");
        }
        return Outcome.failed(failure);
    }

    private static ExecutorService namedThreads(String name, int count) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(count, task -> {
            int n = number.incrementAndGet();
            Thread thread = new Thread(task, n == 1 ? name : name + "-" + n);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Slow work held until {@link #finish()}, for the forced run (and the tests): no sleeping. */
    static final class HeldSlowWork implements SlowWork {
        private final Semaphore busy = new Semaphore(0);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Duration limit;

        HeldSlowWork(Duration limit) {
            this.limit = limit;
        }

        @Override
        public String render(String customerName) throws InterruptedException {
            busy.release();
            if (!finished.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException("the slow work was never finished");
            }
            return "statement for " + customerName;
        }

        /** Waits (bounded) until {@code count} renderings are under way. */
        void awaitBusy(int count) throws InterruptedException {
            if (!busy.tryAcquire(count, limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException(count + " rendering(s) never started");
            }
        }

        /** Lets every rendering, now and later, complete. */
        void finish() {
            finished.countDown();
        }
    }
}

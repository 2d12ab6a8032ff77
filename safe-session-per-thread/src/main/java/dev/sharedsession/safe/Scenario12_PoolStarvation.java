package dev.sharedsession.safe;

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
 * Scenario 12, safe: background work that leaves connections for the requests.
 *
 * <p>The story is the same: background workers write monthly statements (load the customer,
 * render slowly with no need of the database, save), while requests ({@code request},
 * {@code request-1}...) place orders. The pool has two connections; a thread waits at most
 * 500 ms for one.
 *
 * <p>The fix has two parts.
 * <ul>
 *   <li><b>Acquire late, release early.</b> A Session in a transaction holds a connection from
 *       {@code begin} to {@code commit}, so the slow work must not happen inside one. The task
 *       reads what it needs in one short {@code fromTransaction}, renders with no Session open
 *       (no connection held), and writes in a second short {@code inTransaction}. The price: the
 *       two units of work are not one transaction, so the write must not depend on the read
 *       still being true (here it only needs the customer's id and name).</li>
 *   <li><b>Fewer background threads than connections.</b> Even short units of work can take the
 *       whole pool if there are as many background threads as connections. With
 *       {@link #backgroundThreadsFor} at one less than the pool size, the background can hold at
 *       most {@code poolSize - 1} connections at once, and a request always finds one.</li>
 * </ul>
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

    /** How many background threads to run beside a pool of {@code poolSize}: fewer than its connections. */
    public static int backgroundThreadsFor(int poolSize) {
        if (poolSize < 2) {
            throw new IllegalArgumentException("a pool of " + poolSize + " leaves no connection for requests beside background work");
        }
        return poolSize - 1; // SAFE: at least one connection is always left for the requests
    }

    /** Hands "write this customer's statement" to the background. */
    public CompletableFuture<Void> submitStatement(long customerId) {
        return CompletableFuture.runAsync(() -> writeStatement(customerId), background);
    }

    /** The background task: two short units of work, and the slow part between them. */
    void writeStatement(long customerId) {
        String name = sessionFactory.fromTransaction(session -> session.find(Customer.class, customerId).getName());
        // SAFE: no Session is open here, so no connection is held while we wait.
        String text = render(name);
        sessionFactory.inTransaction(session -> session.persist(new Receipt(customerId, text)));
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
     * thread is inside its slow rendering when a request places an order. The one background thread renders with no Session
     * open, so a connection is free: the order is placed, then both statements are written: ok.
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

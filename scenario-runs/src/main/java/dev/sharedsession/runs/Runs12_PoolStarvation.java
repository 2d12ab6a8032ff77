package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.RaceTimeoutException;
import dev.sharedsession.race.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import org.hibernate.SessionFactory;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Scenario 12's runs (pool starvation), written once for both sides: a side is its
 * {@code smallPool} settings, its {@code backgroundThreadsFor} and a {@link Shops}, the scenario
 * class's constructor giving the runs its two steps as a {@link Shop} of method references.
 *
 * <p>Every run opens a database of its own on the scenario's small pool (the same database as
 * the stage's, through a pool of two), and a {@link Stage} of its own on it, closed before it.
 */
public final class Runs12_PoolStarvation implements ScenarioRun {

    /** The crowd of a natural run unless told otherwise: requests placing an order each. */
    public static final int DEFAULT_THREADS = 4;

    static final String REQUEST = "request";
    static final String WORKER = "background-worker";

    /** The label of a pool timeout, however many milliseconds HikariCP reports. */
    public static final String POOL_TIMEOUT = "a request timed out waiting for a pooled connection (JDBCConnectionException)";

    /** Slow work that needs no database, as the runs give it to a side (bound with {@code slow::render}). */
    @FunctionalInterface
    public interface SlowWork {
        String render(String customerName) throws InterruptedException;
    }

    /** A side's shop: {@code new Scenario12_...(sessionFactory, background, slowWork::render)}. */
    @FunctionalInterface
    public interface Shops {
        Shop open(SessionFactory sessionFactory, Executor background, SlowWork slowWork);
    }

    /** The shop's two steps: hand a statement to the background; place an order (a request). */
    public record Shop(Statements statements, Orders orders) {
    }

    @FunctionalInterface
    public interface Statements {
        CompletableFuture<Void> submit(long customerId);
    }

    @FunctionalInterface
    public interface Orders {
        long place(long customerId, long amountCents);
    }

    private final UnaryOperator<Database.Settings> smallPool;
    private final IntUnaryOperator backgroundThreadsFor;
    private final Shops shops;

    public Runs12_PoolStarvation(UnaryOperator<Database.Settings> smallPool, IntUnaryOperator backgroundThreadsFor, Shops shops) {
        this.smallPool = smallPool;
        this.backgroundThreadsFor = backgroundThreadsFor;
        this.shops = shops;
    }

    /**
     * The headline, forced: both statements are handed to the background and every background
     * thread is inside its slow rendering when a request places an order; then the rendering
     * finishes and the statements are awaited. Broken: each worker holds its Session's
     * connection through the rendering, the pool is empty: {@value #POOL_TIMEOUT}, with the
     * exception. Safe: the one background thread renders with no Session open, a connection is
     * free: the order is placed, both statements written, no connection left checked out: ok.
     */
    @Override
    public Outcome forced(Stage stage) throws InterruptedException {
        HeldSlowWork slow = new HeldSlowWork(PausePoints.of(stage.db()).timeout());
        try (Database small = PausePoints.openDatabase(smallPool.apply(stage.db().settings()));
             Stage onSmall = new Stage(small)) {
            int workers = backgroundThreadsFor.applyAsInt(small.settings().poolSize());
            long alice = Fixtures.customerWithOrders(small.sessionFactory(), "Alice", "North", 0);
            long bob = Fixtures.customerWithOrders(small.sessionFactory(), "Bob", "South", 0);
            Shop shop = shops.open(small.sessionFactory(), onSmall.running(WORKER, workers), slow::render);

            List<CompletableFuture<Void>> statements = List.of(shop.statements().submit(alice), shop.statements().submit(bob));
            slow.awaitBusy(workers);                                  // every background thread is rendering
            Actor<Long> request = onSmall.start(REQUEST, () -> shop.orders().place(alice, 1_000));
            Throwable requestFailure = request.failure();
            slow.finish();
            Outcome written = allDone(statements, small);             // the statements end either way
            if (requestFailure != null) {
                return failed(requestFailure);
            }
            return written.wentWrong() ? written : noneCheckedOut(small, Outcome.expectCount(small, 2, "select count(*) from Receipt"));
        } finally {
            slow.finish();
        }
    }

    /**
     * One natural run, nothing forced: two statements go to the background (the renderer takes
     * 600 ms, like a slow remote service) and {@code threads} requests place an order each at
     * the same time. Goes wrong if a request or a statement fails.
     */
    @Override
    public Outcome natural(Stage stage, int threads) throws InterruptedException {
        NaturalRuns.requireThreads(threads);
        try (Database small = PausePoints.openDatabase(smallPool.apply(stage.db().settings()));
             Stage onSmall = new Stage(small)) {
            // its requests and background threads are on this stage, which the caller's does not wait for
            return onSmall.endedWithItsThreads(ordersAndStatements(onSmall, threads));
        }
    }

    private Outcome ordersAndStatements(Stage onSmall, int threads) throws InterruptedException {
        Database small = onSmall.db();
        long alice = Fixtures.customerWithOrders(small.sessionFactory(), "Alice", "North", 0);
        long bob = Fixtures.customerWithOrders(small.sessionFactory(), "Bob", "South", 0);
        int workers = backgroundThreadsFor.applyAsInt(small.settings().poolSize());
        Shop shop = shops.open(small.sessionFactory(), onSmall.running(WORKER, workers), remoteCall(Duration.ofMillis(600)));

        List<CompletableFuture<Void>> statements = List.of(shop.statements().submit(alice), shop.statements().submit(bob));
        List<Actor<Long>> requests = new ArrayList<>();
        for (int r = 1; r <= threads; r++) {
            requests.add(onSmall.start(REQUEST + "-" + r, () -> shop.orders().place(alice, 1_000)));
        }
        Outcome placed = Outcome.ok();
        for (Actor<Long> request : requests) {
            Outcome outcome = request.outcome();
            if (outcome.wentWrong() && !placed.wentWrong()) {
                placed = outcome.failure() != null ? failed(outcome.failure()) : outcome;
            }
        }
        Outcome written = allDone(statements, small);             // the statements end either way
        if (placed.wentWrong()) {
            return placed;
        }
        return written.wentWrong() ? written : noneCheckedOut(small, Outcome.ok());
    }

    /** Waits (bounded) for every statement; the first that went wrong, or ok. */
    private static Outcome allDone(List<CompletableFuture<Void>> statements, Database db) throws InterruptedException {
        for (CompletableFuture<Void> statement : statements) {
            Outcome written = Outcome.of(statement, PausePoints.of(db).timeout(), WORKER);
            if (written.wentWrong()) {
                return written.failure() != null ? failed(written.failure()) : written;
            }
        }
        return Outcome.ok();
    }

    /** {@code outcome}, unless the run left connections of the small pool checked out. */
    private static Outcome noneCheckedOut(Database small, Outcome outcome) {
        int leaked = small.activeConnections();
        return leaked > 0 && !outcome.wentWrong() ? Outcome.wrong("left " + leaked + " pooled connection(s) checked out") : outcome;
    }

    /** A failed statement or request: a pool timeout under one label, the exception kept. */
    private static Outcome failed(Throwable failure) {
        Throwable peeled = Outcome.peel(failure);
        return peeled instanceof JDBCConnectionException ? new Outcome(POOL_TIMEOUT, true, peeled) : Outcome.failed(peeled);
    }

    /**
     * Stand-in for a slow remote service in the natural runs: it answers after {@code latency},
     * without a sleep (a delayed executor completes the reply).
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

    /** Slow work held until {@link #finish()}, for the forced runs and the tests: no sleeping. */
    public static final class HeldSlowWork implements SlowWork {
        private final Semaphore busy = new Semaphore(0);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Duration limit;

        public HeldSlowWork(Duration limit) {
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
        public void awaitBusy(int count) throws InterruptedException {
            if (!busy.tryAcquire(count, limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RaceTimeoutException(count + " rendering(s) never started");
            }
        }

        /** Lets every rendering, now and later, complete. */
        public void finish() {
            finished.countDown();
        }
    }
}

package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.exception.DataException;

/**
 * Scenario 10's runs (a background failure nobody hears about), written once for both sides: a
 * side is a {@link Desks}, which opens the scenario class over a background of one thread named
 * {@value #WORKER} (the broken side's plain executor, the safe side's runner), bound with a lambda.
 *
 * <p>A run judges what the caller was told: the future {@code checkout} returned. The receipt
 * with the long note must be missing (its INSERT cannot succeed); what matters is whether its
 * caller heard why.
 */
public final class Runs10_SwallowedBackgroundFailure implements ScenarioRun {

    static final String REQUEST = "request";
    static final String WORKER = "background-worker";
    static final String INSERTING_THE_RECEIPT = "insert into Receipt";
    static final String RECEIPTS_OF_CUSTOMER = "select count(*) from Receipt where customer_id = ?";

    /** A side's checkout desk: what {@code new Scenario10_...(sessionFactory, background)} offers the runs. */
    public interface Desk {
        /** The request: hands the receipt to the background, returns what the caller is told. */
        CompletableFuture<Void> checkout(long customerId, String note);

        /** Stops taking tasks, waits at most {@code limit} for the handed-off ones; whether they all ended. */
        boolean finish(Duration limit) throws InterruptedException;
    }

    /** Opens a side's desk over {@code sessionFactory}, its background one thread named {@value #WORKER}. */
    @FunctionalInterface
    public interface Desks {
        Desk open(SessionFactory sessionFactory);
    }

    /** A checkout step, as the scenario classes have it. */
    @FunctionalInterface
    public interface Checkout {
        CompletableFuture<Void> checkout(long customerId, String note);
    }

    /** How a background is finished. */
    @FunctionalInterface
    public interface Finish {
        boolean finish(Duration limit) throws InterruptedException;
    }

    /** A desk from a side's checkout step and the way its background is finished. */
    public static Desk desk(Checkout checkout, Finish finish) {
        return new Desk() {
            @Override
            public CompletableFuture<Void> checkout(long customerId, String note) {
                return checkout.checkout(customerId, note);
            }

            @Override
            public boolean finish(Duration limit) throws InterruptedException {
                return finish.finish(limit);
            }
        };
    }

    private final Desks desks;

    public Runs10_SwallowedBackgroundFailure(Desks desks) {
        this.desks = desks;
    }

    /** A note too long for the receipt's 255-character message column. */
    public static String longNote() {
        return "please ".repeat(40) + "leave it at the door";
    }

    /**
     * The headline, forced: the request checks out with a long note and returns; only then does
     * the background task's INSERT run, and fail. Broken: the future the caller got says "done",
     * the exception stays in the Future that {@code submit} returned and the code dropped: "a
     * receipt is missing and nothing reported why". Safe: the caller's future fails with the
     * DataException: ok.
     */
    @Override
    public Outcome forced(Stage stage) throws InterruptedException {
        Database db = stage.db();
        long customer = db.queryForLong("select coalesce(max(customer_id), 0) from Receipt") + 1;
        Pause workerBeforeInsert = stage.beforeStatement(WORKER, INSERTING_THE_RECEIPT);
        Desk desk = desks.open(db.sessionFactory());
        CompletableFuture<Void> told;
        try {
            Actor<CompletableFuture<Void>> request = stage.start(REQUEST, () -> desk.checkout(customer, longNote()));
            workerBeforeInsert.awaitReached();           // the task is about to INSERT
            Outcome checkout = request.outcome();        // the request is over
            if (checkout.wentWrong()) {
                return checkout;
            }
            told = request.join();
        } finally {
            workerBeforeInsert.release();                // the INSERT runs now, and fails
        }
        if (!desk.finish(Race.TIMEOUT)) {
            return Outcome.hang(WORKER);
        }
        Outcome written = Outcome.expectCount(db, 0, RECEIPTS_OF_CUSTOMER, customer);
        if (written.wentWrong()) {
            return Outcome.wrong("the receipt with the long note was written");
        }
        return heard(told);
    }

    /**
     * One natural run, nothing forced: three checkouts on a single background thread (whatever
     * {@code threads} says), the second with a long note. Goes wrong unless the two good receipts
     * are written and the caller of the second heard of its DataException.
     */
    @Override
    public Outcome natural(Stage stage, int threads) throws InterruptedException {
        // threads is not used: the story is one request's three checkouts on one background thread.
        Database db = stage.db();
        long base = db.queryForLong("select coalesce(max(customer_id), 0) from Receipt"); // earlier runs' receipts stay
        Desk desk = desks.open(db.sessionFactory());
        List<CompletableFuture<Void>> told = List.of(
                desk.checkout(base + 1, "fast delivery please"),
                desk.checkout(base + 2, longNote()),
                desk.checkout(base + 3, "gift wrap"));
        if (!desk.finish(Race.TIMEOUT)) {
            return Outcome.hang(WORKER);
        }
        for (long good : new long[] {base + 1, base + 3}) {
            Outcome written = Outcome.expectCount(db, 1, RECEIPTS_OF_CUSTOMER, good);
            if (written.wentWrong()) {
                return written;
            }
        }
        for (int good : new int[] {0, 2}) {
            Outcome fine = Outcome.of(told.get(good), Race.TIMEOUT, WORKER);
            if (fine.wentWrong()) {
                return fine;
            }
        }
        Outcome written = Outcome.expectCount(db, 0, RECEIPTS_OF_CUSTOMER, base + 2);
        return written.wentWrong() ? Outcome.wrong("the receipt with the long note was written") : heard(told.get(1));
    }

    /** The receipt is rightly missing: ok if its caller was told why (the DataException). */
    private static Outcome heard(CompletableFuture<Void> told) throws InterruptedException {
        Outcome outcome = Outcome.of(told, Race.TIMEOUT, WORKER);
        if (!outcome.wentWrong()) {
            return Outcome.wrong("a receipt is missing and nothing reported why");
        }
        return outcome.failure() instanceof DataException ? Outcome.ok() : outcome;
    }

    /**
     * The broken side's background: a fixed pool of {@code threads} named {@value #WORKER}
     * ({@code -2}, ... after the first) with an unbounded queue, as {@code Executors.newFixedThreadPool}
     * makes, that also writes down, for the tests, what nobody else sees: what its threads'
     * uncaught-exception handler was given ({@link #uncaught}), and what the tasks' own Futures
     * kept ({@link #keptInFutures}), read after each task with the idiom
     * {@link ThreadPoolExecutor#afterExecute} documents.
     */
    public static final class WitnessedPool extends ThreadPoolExecutor {
        private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        private final List<Throwable> keptInFutures = new CopyOnWriteArrayList<>();

        public WitnessedPool(int threads) {
            super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            AtomicInteger number = new AtomicInteger();
            setThreadFactory(task -> {
                int n = number.incrementAndGet();
                Thread thread = new Thread(task, n == 1 ? WORKER : WORKER + "-" + n);
                thread.setDaemon(true);
                thread.setUncaughtExceptionHandler((t, failure) -> uncaught.add(failure));
                return thread;
            });
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            super.afterExecute(task, thrown);
            if (thrown == null && task instanceof Future<?> future && future.isDone()) {
                try {
                    future.get();
                } catch (ExecutionException kept) {
                    keptInFutures.add(kept.getCause());
                } catch (CancellationException | InterruptedException ignored) {
                    // not a failure of the task
                }
            }
        }

        /** Stops taking tasks and waits at most {@code limit} for the queued ones to end. */
        public boolean finish(Duration limit) throws InterruptedException {
            shutdown();
            return awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** What reached the threads' uncaught-exception handler. */
        public List<Throwable> uncaught() {
            return List.copyOf(uncaught);
        }

        /** The exceptions the tasks' Futures kept, in the order the tasks ended. */
        public List<Throwable> keptInFutures() {
            return List.copyOf(keptInFutures);
        }
    }
}

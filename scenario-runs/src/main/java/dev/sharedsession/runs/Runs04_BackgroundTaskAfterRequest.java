package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.hibernate.SessionFactory;

/**
 * Scenario 4's runs (a background task after the request closed its Session), written once for
 * both sides: a side is a {@link Shops}, the scenario class's constructor and its
 * {@code checkout} step, bound with a lambda.
 */
public final class Runs04_BackgroundTaskAfterRequest implements ScenarioRun {

    /** Checkouts of a natural run, each handing off one task, unless told otherwise. */
    public static final int DEFAULT_THREADS = 1;

    static final String REQUEST = "request";
    static final String WORKER = "background-worker";
    static final String RECEIPTS_OF_CUSTOMER = "select count(*) from Receipt where customer_id = ?";

    /** A side's shop: what {@code new Scenario04_...(sessionFactory, background)} offers the runs. */
    @FunctionalInterface
    public interface Shops {
        /** The shop's checkout: runs the request and returns the receipt task it handed off. */
        Future<?> checkout(SessionFactory sessionFactory, Executor background, long customerId);
    }

    private final Shops shops;

    public Runs04_BackgroundTaskAfterRequest(Shops shops) {
        this.shops = shops;
    }

    /**
     * The headline, forced: the background task starts only after the request has closed its
     * Session. Broken: the task's first call on the request's Session fails with
     * "IllegalStateException: Session/EntityManager is closed" and no receipt is written. Safe:
     * the task opens its own Session and writes the receipt: ok.
     */
    @Override
    public Outcome forced(Stage stage) throws InterruptedException {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2);
        GatedExecutor background = stage.held(WORKER, 1);

        Future<?> receipt = stage.start(REQUEST, () -> shops.checkout(db.sessionFactory(), background, alice))
                .join();                                  // the request is over: its Session is closed
        background.open();                               // only now does the task start
        Outcome task = Outcome.of(receipt, Race.TIMEOUT, WORKER);
        return task.wentWrong() ? task : Outcome.expectCount(db, 1, RECEIPTS_OF_CUSTOMER, alice);
    }

    /**
     * One natural run, nothing forced: {@code threads} checkouts at once, each for a customer of
     * its own, each handing its receipt to a background thread; requests and tasks race as the
     * scheduler decides. Goes wrong if a task fails or a receipt is not in the database.
     */
    @Override
    public Outcome natural(Stage stage, int threads) throws InterruptedException {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        List<Long> customers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 2));
        }
        Outcome tasks = NaturalRuns.handOffs(stage, threads,
                (background, request) -> shops.checkout(db.sessionFactory(), background, customers.get(request - 1)));
        if (tasks.wentWrong()) {
            return tasks;
        }
        for (long customer : customers) {
            Outcome receipt = Outcome.expectCount(db, 1, RECEIPTS_OF_CUSTOMER, customer);
            if (receipt.wentWrong()) {
                return receipt;
            }
        }
        return Outcome.ok();
    }
}

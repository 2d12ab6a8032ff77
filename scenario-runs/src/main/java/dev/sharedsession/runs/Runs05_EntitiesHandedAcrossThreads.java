package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;

/**
 * Scenario 5's runs (entities handed across threads), written once for both sides: a side is a
 * {@link Reports}, the scenario class's constructor and its {@code orderReport} step, bound with
 * a lambda.
 */
public final class Runs05_EntitiesHandedAcrossThreads implements ScenarioRun {

    /** Requests of a natural run, each handing off one report, unless told otherwise. */
    public static final int DEFAULT_THREADS = 1;

    static final String REQUEST = "request";
    static final String WORKER = "background-worker";
    static final String RENDERING_THE_REGION = "from Region";
    static final String LOADING_THE_ORDERS = "PurchaseOrder";
    static final String THE_REPORT = "Alice: 3 orders";

    /** A side's shop: what {@code new Scenario05_...(sessionFactory, background)} offers the runs. */
    @FunctionalInterface
    public interface Reports {
        /** The request: hands the order report to {@code background}, renders, returns the report task. */
        CompletableFuture<String> orderReport(SessionFactory sessionFactory, Executor background, long customerId);
    }

    private final Reports reports;

    public Runs05_EntitiesHandedAcrossThreads(Reports reports) {
        this.reports = reports;
    }

    /**
     * The headline, forced: the request closes its Session while the report task is loading the
     * customer's orders. Broken: the task was loading them through the request's Session, which
     * the close pulls from under the collection: {@code NullPointerException}. Safe: the task
     * loads them in a Session of its own, which the request's close cannot touch: ok.
     */
    @Override
    public Outcome forced(Stage stage) throws InterruptedException {
        Database db = stage.db();
        long customerId = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause requestRendering = stage.beforeStatement(REQUEST, RENDERING_THE_REGION);
        Pause workerLoadingOrders = stage.beforeStatement(WORKER, LOADING_THE_ORDERS);
        GatedExecutor background = stage.held(WORKER, 1);

        var request = stage.start(REQUEST, () -> reports.orderReport(db.sessionFactory(), background, customerId));
        CompletableFuture<String> report;
        try {
            requestRendering.awaitReached();             // the report is handed off; the request renders next
            background.open();                           // only now does the task start
            workerLoadingOrders.awaitReached();          // the task is loading the orders
            requestRendering.release();
            report = request.join();                     // the request rendered and closed its Session
            workerLoadingOrders.release();
        } finally {
            // Should a wait above fail (the task ended first), nobody stays paused, and the
            // request has closed its Session before the run ends.
            requestRendering.release();
            workerLoadingOrders.release();
            request.outcome();                           // waits (bounded) for the request to end
        }
        Outcome task = Outcome.of(report, Race.TIMEOUT, WORKER);
        return task.wentWrong() ? task : judge(report.join());
    }

    /**
     * One natural run, nothing forced: {@code threads} requests at once, each for a customer of
     * its own, each handing a report task to a background thread while it goes on rendering; they
     * race as the scheduler decides. Goes wrong if a report fails or counts wrong.
     */
    @Override
    public Outcome natural(Stage stage, int threads) throws InterruptedException {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        List<Long> customers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3));
        }
        List<String> wrongReports = new CopyOnWriteArrayList<>();
        Outcome tasks = NaturalRuns.handOffs(stage, threads, (background, request) ->
                reports.orderReport(db.sessionFactory(), background, customers.get(request - 1))
                        .thenAccept(text -> {
                            if (!THE_REPORT.equals(text)) {
                                wrongReports.add(text);
                            }
                        }));
        if (tasks.wentWrong()) {
            return tasks;
        }
        return wrongReports.isEmpty() ? Outcome.ok() : judge(wrongReports.get(0));
    }

    private static Outcome judge(String report) {
        return THE_REPORT.equals(report) ? Outcome.ok() : Outcome.wrong("the report said '" + report + "'");
    }
}

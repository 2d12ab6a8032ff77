package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;

/**
 * Scenario 7's runs (the stale first-level cache), written once for both sides: a side is a
 * {@link Storefronts} (the scenario class's constructor, seen through its methods as a
 * {@link Storefront}) and the warehouse's two static steps, {@code ship} and
 * {@code shipVersioned}, bound with lambdas and method references.
 */
public final class Runs07_StaleFirstLevelCache implements ScenarioRun {

    /** The crowd of the natural run unless told otherwise: warehouse clerks shipping 2 lamps each. */
    public static final int DEFAULT_THREADS = 1;

    static final String STOREFRONT = "storefront";
    static final String WAREHOUSE = "warehouse";
    static final String PRICE_OF_PRODUCT = "select price_cents from Product where id = ?";
    static final String STOCK_OF_PRODUCT = "select stock from Product where id = ?";
    static final String PRICE_OF_VERSIONED_PRODUCT = "select price_cents from VersionedProduct where id = ?";
    static final String STOCK_OF_VERSIONED_PRODUCT = "select stock from VersionedProduct where id = ?";

    /** A side's storefront: {@code new Scenario07_...(sessionFactory)}, seen through its methods. */
    @FunctionalInterface
    public interface Storefronts {
        Storefront open(SessionFactory sessionFactory);
    }

    /** What the runs use of the storefront: its page, its two repricings, and its shut-down. */
    public record Storefront(Page page, Repricing reprice, Repricing repriceVersioned, Runnable shutDown)
            implements AutoCloseable {
        @Override
        public void close() {
            shutDown.run();
        }
    }

    /** The storefront's product page. */
    @FunctionalInterface
    public interface Page {
        String show(long productId);
    }

    /** A repricing by the merchandiser, through the storefront. */
    @FunctionalInterface
    public interface Repricing {
        void reprice(long productId, long cents);
    }

    /** The warehouse ships {@code units} in a unit of work of its own. */
    @FunctionalInterface
    public interface Shipping {
        void ship(SessionFactory sessionFactory, long productId, int units);
    }

    private final Storefronts storefronts;
    private final Shipping ship;
    private final Shipping shipVersioned;

    public Runs07_StaleFirstLevelCache(Storefronts storefronts, Shipping ship, Shipping shipVersioned) {
        this.storefronts = storefronts;
        this.ship = ship;
        this.shipVersioned = shipVersioned;
    }

    /**
     * The headline, forced, one step after another: the storefront shows the lamp (10 in stock),
     * the warehouse ships 3 and commits, then the storefront reprices it (no version column).
     * Broken: the long-lived Session still holds the morning's lamp, and its UPDATE writes that
     * stock back: "the warehouse's shipment was overwritten: stock 10 instead of 7". Safe: the
     * repricing's own Session reads the current row, so its UPDATE carries stock 7: ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        SessionFactory sessionFactory = db.sessionFactory();
        long lamp = Fixtures.product(sessionFactory, "Lamp", 1_000, 10);
        try (Storefront storefront = storefronts.open(sessionFactory)) {
            Outcome step = stage.start(STOREFRONT, () -> storefront.page().show(lamp)).outcome(); // earlier today
            if (!step.wentWrong()) {
                step = stage.run(WAREHOUSE, () -> ship.ship(sessionFactory, lamp, 3)).outcome();
            }
            if (!step.wentWrong()) {
                step = stage.run(STOREFRONT, () -> storefront.reprice().reprice(lamp, 1_200)).outcome();
            }
            if (step.wentWrong()) {
                return step;
            }
        }
        return judge(db, PRICE_OF_PRODUCT, STOCK_OF_PRODUCT, lamp, 7);
    }

    /**
     * One natural run, nothing forced, on the versioned lamp, because here writers really do
     * race: earlier today the storefront set its price (so a long-lived Session now holds it);
     * then, all starting at once, the merchandiser reprices it while {@code threads} warehouse
     * clerks ship two units each. Broken: whenever a clerk commits first, the storefront's stale
     * lamp fails its version check, and nothing retries (nor does a clerk that loses to another
     * writer). Safe: every conflict is retried in a fresh Session. Goes wrong if a step fails or
     * either change is missing from the database.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        SessionFactory sessionFactory = db.sessionFactory();
        long lamp = Fixtures.versionedProduct(sessionFactory, "Lamp", 1_000, 10 * threads);
        try (Storefront storefront = storefronts.open(sessionFactory)) {
            Outcome morning = stage.run(STOREFRONT, () -> storefront.repriceVersioned().reprice(lamp, 1_100)).outcome();
            if (morning.wentWrong()) {
                return morning;
            }
            CyclicBarrier together = new CyclicBarrier(threads + 1); // the clerks and the storefront start at once
            List<Actor<Void>> everyone = new ArrayList<>();
            everyone.add(stage.run(STOREFRONT, () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                storefront.repriceVersioned().reprice(lamp, 1_200);
            }));
            for (int clerk = 1; clerk <= threads; clerk++) {
                everyone.add(stage.run(clerk == 1 ? WAREHOUSE : WAREHOUSE + "-" + clerk, () -> {
                    together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    shipVersioned.ship(sessionFactory, lamp, 2);
                }));
            }
            for (Actor<Void> actor : everyone) {
                Outcome outcome = actor.outcome();
                if (outcome.wentWrong()) {
                    return outcome;
                }
            }
        }
        return judge(db, PRICE_OF_VERSIONED_PRODUCT, STOCK_OF_VERSIONED_PRODUCT, lamp, 8L * threads);
    }

    /** Both changes must be in the database: the new price and the stock the warehouse left. */
    private static Outcome judge(Database db, String priceOf, String stockOf, long lamp, long expectedStock) {
        long stock = db.queryForLong(stockOf, lamp);
        if (stock != expectedStock) {
            return Outcome.wrong("the warehouse's shipment was overwritten: stock " + stock + " instead of " + expectedStock);
        }
        long price = db.queryForLong(priceOf, lamp);
        return price == 1_200 ? Outcome.ok() : Outcome.wrong("the new price is missing: " + price + " cents");
    }
}

package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;

/**
 * Scenario 11's runs (the Session that lives forever), written once for both sides: a side is
 * an {@link Intakes}, the scenario class's constructor, giving the runs its order-intake
 * service as an {@link Intake} of method references.
 */
public final class Runs11_SessionThatLivesForever implements ScenarioRun {

    /** The crowd of a natural run unless told otherwise: request threads placing ten orders each. */
    public static final int DEFAULT_THREADS = 4;

    static final String ORDERS_OF_CUSTOMER = "select count(*) from PurchaseOrder where customer_id = ?";

    /** A side's service: {@code new Scenario11_...(sessionFactory)}, seen through its methods. */
    @FunctionalInterface
    public interface Intakes {
        Intake open(SessionFactory sessionFactory);
    }

    /** What the runs use of the service: its request, what it measures, and its shut-down. */
    public record Intake(Orders orders, IntSupplier managedEntities, Supplier<List<Integer>> managedAtCommit,
                         Runnable shutDown) implements AutoCloseable {
        @Override
        public void close() {
            shutDown.run();
        }
    }

    /** The service's request: record an order of {@code cents} for the customer. */
    @FunctionalInterface
    public interface Orders {
        void place(long customerId, long cents);
    }

    private final Intakes intakes;

    public Runs11_SessionThatLivesForever(Intakes intakes) {
        this.intakes = intakes;
    }

    /**
     * The headline, forced only in that nothing overlaps: fifty requests, one after another, each
     * placing one order. Broken: the one Session keeps every order it ever saw, so the n-th commit
     * dirty-checks n + 1 entities: "the 50th commit dirty-checked 51 entities to write one order".
     * Safe: each request's own Session holds its customer and its order, 2 entities: ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Intake intake = intakes.open(db.sessionFactory())) {
            for (int i = 1; i <= 50; i++) {
                Outcome request = stage.run("request-" + i, () -> intake.orders().place(alice, 100)).outcome(); // taking turns
                if (request.wentWrong()) {
                    return request;
                }
            }
            Outcome orders = Outcome.expectCount(db, 50, ORDERS_OF_CUSTOMER, alice);
            if (orders.wentWrong()) {
                return orders;
            }
            int lastCommit = intake.managedAtCommit().get().get(49);
            return lastCommit <= 2 ? Outcome.ok()
                    : Outcome.wrong("the 50th commit dirty-checked " + lastCommit + " entities to write one order");
        }
    }

    /**
     * One natural run, nothing forced: {@code threads} request threads place ten orders each
     * through the service. Goes wrong if a request fails, an order is missing, the service still
     * holds more than one request's worth of entities (a customer and an order) afterwards, or
     * any unit of work held more than that.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 0);
        try (Intake intake = intakes.open(db.sessionFactory())) {
            List<Actor<Void>> requests = new ArrayList<>();
            for (int i = 1; i <= threads; i++) {
                requests.add(stage.run("request-" + i, () -> {
                    for (int order = 0; order < 10; order++) {
                        intake.orders().place(alice, 100);
                    }
                }));
            }
            for (Actor<Void> request : requests) {
                Outcome outcome = request.outcome();
                if (outcome.wentWrong()) {
                    return outcome;
                }
            }
            Outcome orders = Outcome.expectCount(db, 10L * threads, ORDERS_OF_CUSTOMER, alice);
            if (orders.wentWrong()) {
                return orders;
            }
            int held = intake.managedEntities().getAsInt();
            if (held > 2) {
                return Outcome.wrong("the Session still holds " + held + " entities after " + 10 * threads + " orders");
            }
            int most = intake.managedAtCommit().get().stream().mapToInt(Integer::intValue).max().orElse(0);
            return most <= 2 ? Outcome.ok() : Outcome.wrong("a unit of work held " + most + " entities for one order");
        }
    }
}

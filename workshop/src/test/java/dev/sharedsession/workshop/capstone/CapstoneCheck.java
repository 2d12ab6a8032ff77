package dev.sharedsession.workshop.capstone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Race;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import dev.sharedsession.workshop.Symptoms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The capstone's check: run it with {@code ./exercise check capstone}. Like every check, it
 * builds the shop's SessionFactory with the session guard ({@code hibernate.session_guard=confined}),
 * whose refusals show up among the symptoms: one way in, naming the thread that owns a shared Session.
 *
 * <p>It reports symptoms only, as a shop's users and its monitoring would see them: the stock,
 * the orders, the mails sent, what the log says about background tasks, a request that failed.
 * Where they come from is the attendee's to find. Every step runs on a thread of its own,
 * named as in a server: the shop is built on {@code startup}, each order on
 * {@code request-<customer>}, the delivery on {@code warehouse}, the background on
 * {@code fulfilment}, the shut-down on {@code shutdown}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The capstone: a day at the lamp shop")
class CapstoneCheck {

    @RegisterExtension
    static final ExerciseCheck CHECK = ExerciseCheck.capstone();

    private static final String FULFILMENT = "fulfilment";
    private static final List<String> EXPECTED_MAILS = List.of(
            "to Alice: your order of 2 x lamp (2000 cents) is on its way",
            "to Bob: your order of 1 x mug (500 cents) is on its way",
            "to Carol: your order of 3 x lamp (3000 cents) is on its way");

    private static Shop shop(Subject subject, SessionFactory sessionFactory, Executor background, Mailer mailer) {
        return subject.<Shop>pick(() -> new LampShop(sessionFactory, background, mailer),
                () -> new dev.sharedsession.workshop.capstone.solution.LampShop(sessionFactory, background, mailer),
                sessionFactory, background, mailer);
    }

    @Test
    @Order(1)
    @OnTheStartingPoint(
            fails = "the order of Alice failed: dev.sharedsession.guard.SessionSharedAcrossThreadsException: "
                    + "Session used by thread 'request-Alice' in Query.getSingleResult, but it belongs to thread 'startup' (session guard: CONFINED); the order of Bob failed")
    @DisplayName("the background is slow: Alice orders 2 lamps, Bob 1 mug, the warehouse delivers 5 lamps, Carol orders 3 lamps,"
            + " then the background catches up: stock, orders and mails are right")
    void aDayWithASlowBackground(Subject subject) {
        try (Database db = ExerciseCheck.guardedDatabase("capstone"); GatedExecutor fulfilment = GatedExecutor.held(FULFILMENT, 1)) {
            AtomicInteger handedOver = new AtomicInteger();
            Executor background = task -> {
                handedOver.incrementAndGet();
                fulfilment.execute(task);
            };
            theDay(db, subject, background, () -> {
                fulfilment.open(); // after the last order: the background catches up, one task after another
                fulfilment.awaitFinished(handedOver.get());
            }, fulfilment, new ArrayList<>());
        }
    }

    @Test
    @Order(2)
    @OnTheStartingPoint(
            fails = "the order of Alice failed: dev.sharedsession.guard.SessionSharedAcrossThreadsException: "
                    + "Session used by thread 'request-Alice' in Query.getSingleResult, but it belongs to thread 'startup' (session guard: CONFINED); the order of Bob failed")
    @DisplayName("the background is quick: the same day, each order's background work done before its request goes on:"
            + " stock, orders and mails are right")
    void aDayWithAQuickBackground(Subject subject) {
        try (Database db = ExerciseCheck.guardedDatabase("capstone"); GatedExecutor fulfilment = GatedExecutor.running(FULFILMENT, 1)) {
            AtomicInteger handedOver = new AtomicInteger();
            List<String> symptoms = new CopyOnWriteArrayList<>();
            // The request that hands work over waits, inside that call, until the work is done. So
            // work handed over before its order commits runs while the order is not in the database
            // (an entity handed over then is still its request's, in the middle of a transaction):
            // the order count, read as the work starts, says so.
            Executor background = task -> {
                int count = handedOver.incrementAndGet();
                fulfilment.execute(() -> {
                    long committed = db.countRows("PurchaseOrder");
                    if (committed < count) {
                        symptoms.add("the background work of order " + count + " started before that order was committed ("
                                + committed + " of " + count + " orders in the database)");
                    }
                    task.run();
                });
                fulfilment.awaitFinished(count);
            };
            theDay(db, subject, background, () -> fulfilment.awaitFinished(handedOver.get()), fulfilment, symptoms);
        }
    }

    /**
     * The day: three customers, a lamp (1000 cents, 10 in stock) and a mug (500 cents, 20); the
     * shop opens, three orders and a delivery come in, the background catches up, the shop
     * closes. Then every symptom at once (after any the caller's executor found), or none.
     */
    private static void theDay(Database db, Subject subject, Executor background, Runnable catchUp, GatedExecutor fulfilment,
                               List<String> symptoms) {
        SessionFactory sessionFactory = db.sessionFactory();
        Map<String, Long> customers = new LinkedHashMap<>();
        for (String name : List.of("Alice", "Bob", "Carol")) {
            customers.put(name, Fixtures.customerWithOrders(sessionFactory, name, "North", 0));
        }
        Fixtures.product(sessionFactory, "lamp", 1_000, 10);
        Fixtures.product(sessionFactory, "mug", 500, 20);
        List<String> mails = new CopyOnWriteArrayList<>();
        Mailer mailer = (to, text) -> mails.add("to " + to + ": " + text);

        try (Race race = Race.bounded()) {
            Shop shop = race.start("startup", () -> shop(subject, sessionFactory, background, mailer)).join();
            order(race, shop, "Alice", customers, "lamp", 2, symptoms);
            order(race, shop, "Bob", customers, "mug", 1, symptoms);
            String delivery = Ending.of(race.run("warehouse", () -> shop.restock("lamp", 5)));
            if (!delivery.equals(Ending.COMPLETED)) {
                symptoms.add("the delivery of 5 lamps " + firstSentence(delivery));
            }
            order(race, shop, "Carol", customers, "lamp", 3, symptoms);
            catchUp.run();
            String shutdown = Ending.of(race.run("shutdown", shop::close));
            if (!shutdown.equals(Ending.COMPLETED)) {
                symptoms.add("the shop's shut-down " + firstSentence(shutdown));
            }
        }

        stock(db, "lamp", 10, symptoms);  // 10 - 2 + 5 - 3
        stock(db, "mug", 19, symptoms);   // 20 - 1
        List<String> orders = db.queryForStrings("select concat(c.full_name, ' ', o.amount_cents) from PurchaseOrder o"
                + " join Customer c on c.id = o.customer_id order by o.id");
        if (!orders.equals(List.of("Alice 2000", "Bob 500", "Carol 3000"))) {
            symptoms.add("orders in the database: " + orders + ", expected [Alice 2000, Bob 500, Carol 3000]");
        }
        List<String> missing = new ArrayList<>(EXPECTED_MAILS);
        missing.removeAll(mails);
        if (!missing.isEmpty() || mails.size() != EXPECTED_MAILS.size()) {
            symptoms.add("confirmation mails: " + (EXPECTED_MAILS.size() - missing.size()) + " of " + EXPECTED_MAILS.size()
                    + " sent" + (missing.isEmpty() ? "" : ", none " + String.join(", none ", missing.stream()
                    .map(mail -> mail.substring(0, mail.indexOf(':'))).toList()))
                    + (mails.size() > EXPECTED_MAILS.size() - missing.size() ? "; sent besides: " + mails : ""));
        }
        List<Throwable> failedInBackground = fulfilment.uncaught();
        if (!failedInBackground.isEmpty()) {
            symptoms.add("the log: " + failedInBackground.size() + " background task(s) failed, the first with "
                    + firstSentence(Ending.failed(failedInBackground.get(0))).substring("failed: ".length()));
        }
        int checkedOut = db.activeConnections();
        if (checkedOut > 0) {
            symptoms.add(checkedOut + " pooled connection(s) still checked out after the shop closed");
        }
        long open = ExerciseCheck.openSessions(db);
        if (open > 0) {
            symptoms.add(open + " Session(s) still open after the shop closed");
        }
        if (!symptoms.isEmpty()) {
            throw new Symptoms(symptoms);
        }
    }

    private static void order(Race race, Shop shop, String customer, Map<String, Long> customers, String product, int quantity,
                              List<String> symptoms) {
        Actor<Long> request = race.start("request-" + customer, () -> shop.placeOrder(customers.get(customer), product, quantity));
        String ending = Ending.of(request);
        if (!ending.equals(Ending.COMPLETED)) {
            symptoms.add("the order of " + customer + " " + firstSentence(ending));
        }
    }

    /** A failure's first sentence, without its period: enough for a symptom (the session guard's message goes on with advice). */
    private static String firstSentence(String ending) {
        int end = ending.indexOf(". ");
        return end < 0 ? ending : ending.substring(0, end);
    }

    private static void stock(Database db, String product, long expected, List<String> symptoms) {
        long stock = db.queryForLong("select stock from Product where product_name = ?", product);
        if (stock != expected) {
            symptoms.add("stock of '" + product + "' is " + stock + ", expected " + expected);
        }
    }
}

package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.SessionFactory;

/**
 * Scenario 3's runs (read-only sharing), written once for both sides: a side is its reporting
 * service, {@code new Scenario03_...(sessionFactory)}, its two pages ({@code orderSummary},
 * {@code customerNames}) and how it ends (the broken side's {@code close}; nothing on the safe
 * side, whose pages each closed their own Session), bound with method references and lambdas.
 *
 * @param <R> the side's reporting service
 */
public final class Runs03_ReadOnlySharing<R> implements ScenarioRun {

    /** Readers of the natural run (Alice and more) beside Bob, unless told otherwise. */
    public static final int DEFAULT_THREADS = 1;
    /** Pages each reader (and Bob) opens in a natural run. */
    public static final int PAGES_EACH = 10;

    static final String ALICE = "Alice";
    static final String BOB = "Bob";
    static final String ALICES_SUMMARY = "Alice: 3 orders";
    static final String EVERYONE = "select full_name from Customer order by id";

    private final Function<SessionFactory, R> open;
    private final BiFunction<R, Long, String> orderSummary;
    private final Function<R, List<String>> customerNames;
    private final Consumer<R> close;

    public Runs03_ReadOnlySharing(Function<SessionFactory, R> open, BiFunction<R, Long, String> orderSummary,
                                  Function<R, List<String>> customerNames, Consumer<R> close) {
        this.open = open;
        this.orderSummary = orderSummary;
        this.customerNames = customerNames;
        this.close = close;
    }

    /**
     * The headline, forced: Bob lists the customers (the broken service then clears its shared
     * Session) while Alice's {@code find()} has read her row but not finished loading it.
     * Broken: the clear empties the load contexts under her, and her load ends in a bare
     * {@code NoSuchElementException}. Safe: each page has its own Session: ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), ALICE, "North", 3);
        List<String> everyone = db.queryForStrings(EVERYONE);
        Pause aliceAfterReadingHerRow = stage.pauses().onEvent(Hook.POST_LOAD, ALICE, Customer.class);
        R reports = open.apply(db.sessionFactory());
        try {
            Actor<String> alicesPage = stage.start(ALICE, () -> {
                String summary = orderSummary.apply(reports, alice);
                return summary.equals(ALICES_SUMMARY) ? null : "Alice saw '" + summary + "'";
            });
            aliceAfterReadingHerRow.awaitReached();      // inside find(): the row is read, the load not finished
            Actor<String> bobsPage = stage.start(BOB, () -> {
                List<String> names = customerNames.apply(reports); // lists (and, broken, clears)
                return names.equals(everyone) ? null : "Bob saw " + names.size() + " names for " + everyone.size() + " customers";
            });
            bobsPage.outcome();                          // waits (bounded) for Bob's page to end
            aliceAfterReadingHerRow.release();
            return judge(List.of(alicesPage, bobsPage));
        } finally {
            aliceAfterReadingHerRow.release();
            close.accept(reports);
        }
    }

    /**
     * One natural run, nothing forced: {@code threads} readers ({@code Alice}, {@code reader-2}
     * ...) open Alice's summary {@value #PAGES_EACH} times each while Bob opens the customer
     * list (and his own summary) {@value #PAGES_EACH} times, all through one reporting service.
     * Goes wrong if any page fails or shows something other than the database holds.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), ALICE, "North", 3);
        long bob = Fixtures.customerWithOrders(db.sessionFactory(), BOB, "South", 1);
        List<String> everyone = db.queryForStrings(EVERYONE); // earlier runs' customers too
        R reports = open.apply(db.sessionFactory());
        try {
            List<Actor<String>> pages = new ArrayList<>();
            for (int r = 1; r <= threads; r++) {
                String reader = r == 1 ? ALICE : "reader-" + r;
                pages.add(stage.start(reader, () -> {
                    for (int i = 0; i < PAGES_EACH; i++) {
                        String summary = orderSummary.apply(reports, alice);
                        if (!summary.equals(ALICES_SUMMARY)) {
                            return reader + " saw '" + summary + "'";
                        }
                    }
                    return null;
                }));
            }
            pages.add(stage.start(BOB, () -> {
                for (int i = 0; i < PAGES_EACH; i++) {
                    List<String> names = customerNames.apply(reports);
                    if (!names.equals(everyone)) {
                        return "Bob saw " + names.size() + " names for " + everyone.size() + " customers";
                    }
                    orderSummary.apply(reports, bob);
                }
                return null;
            }));
            return judge(pages);
        } finally {
            close.accept(reports);
        }
    }

    /** The first page that failed or showed something wrong (each page returns null when right). */
    private static Outcome judge(List<Actor<String>> pages) {
        for (Actor<String> page : pages) {
            Outcome outcome = page.outcome();
            if (outcome.wentWrong()) {
                return outcome;
            }
            if (page.join() != null) {
                return Outcome.wrong(page.join());
            }
        }
        return Outcome.ok();
    }
}

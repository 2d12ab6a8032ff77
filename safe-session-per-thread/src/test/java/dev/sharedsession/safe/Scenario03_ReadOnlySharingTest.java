package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import dev.sharedsession.race.Tally;
import dev.sharedsession.runs.Runs03_ReadOnlySharing;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 3, safe: every page reads in a Session of its own")
class Scenario03_ReadOnlySharingTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String LOADING_THE_ORDERS = "from PurchaseOrder";
    private static final String COUNTING_THE_RECEIPTS = "from Receipt";

    @RaceTest
    @DisplayName("Alice and Bob take turns: every page is right, no connection leaks")
    void aliceAndBobTakeTurns(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        // nothing to close: each page closes its own Session
        var reports = new Scenario03_ReadOnlySharing(db.sessionFactory());
        assertThat(stage.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
        assertThat(stage.start(BOB, reports::customerNames).join()).containsExactly("Alice", "Bob");
        assertThat(stage.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob lists the customers while Alice's find is finishing its load: both pages are right, no connection leaks")
    void bobListsTheCustomersWhileAliceIsInsideHerFind(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_03.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForStrings("select full_name from Customer")).containsExactly(ALICE); // it only read
        assertThat(stage.db().activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob lists the customers while Alice's lazy orders are loading: her collection belongs to her own Session, 3 orders")
    void bobListsTheCustomersWhileAliceIsLoadingHerOrders(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceLoadingOrders = stage.beforeStatement(ALICE, LOADING_THE_ORDERS);
        // nothing to close: each page closes its own Session
        var reports = new Scenario03_ReadOnlySharing(db.sessionFactory());
        Actor<String> alicesPage = stage.start(ALICE, () -> reports.orderSummary(alice));
        aliceLoadingOrders.awaitReached();            // customer found; its orders are being initialized

        List<String> bobsPage = stage.start(BOB, reports::customerNames).join();
        aliceLoadingOrders.release();

        assertThat(bobsPage).containsExactly("Alice");
        assertThat(alicesPage.join()).isEqualTo("Alice: 3 orders");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's clear while Alice's list query hands out its entities has nothing shared to clear: all three customers with their regions")
    void bobClearsWhileAlicesListIsLoading(Stage stage) {
        Database db = stage.db();
        Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Carol", "East", 1);
        Pause aliceAfterFirstCustomer = stage.pauses().onEvent(Hook.POST_LOAD, ALICE, Customer.class);
        // nothing to close: each page closes its own Session
        var reports = new Scenario03_ReadOnlySharing(db.sessionFactory());
        Actor<List<String>> alicesPage = stage.start(ALICE, reports::customerRegions);
        aliceAfterFirstCustomer.awaitReached();       // all rows read; post-load of the first customer

        stage.start(BOB, () -> {
            reports.clear();
            return null;
        }).join();
        aliceAfterFirstCustomer.release();

        assertThat(alicesPage.join()).containsExactly("Alice in North", "Bob in South", "Carol in East");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's clear between Alice's find and her first touch of the region has nothing shared to clear: her card is right")
    void bobClearsBetweenAlicesFindAndHerLazyRegion(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceCountingReceipts = stage.beforeStatement(ALICE, COUNTING_THE_RECEIPTS);
        // nothing to close: each page closes its own Session
        var reports = new Scenario03_ReadOnlySharing(db.sessionFactory());
        Actor<String> alicesPage = stage.start(ALICE, () -> reports.customerCard(alice));
        aliceCountingReceipts.awaitReached();         // she holds the customer; its region is still a proxy

        stage.start(BOB, () -> {
            reports.clear();
            return null;
        }).join();
        aliceCountingReceipts.release();

        assertThat(alicesPage.join()).isEqualTo("Alice in North, 0 receipts");
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight readers and Bob read at once, 20 pages each, nothing forced: every page is right, the data untouched, no connection leaks")
    void eightReadersAndAClear(Stage stage) {
        Database db = stage.db();
        List<Long> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "customer " + i, "North", i));
        }
        List<String> everyone = List.of("customer 1", "customer 2", "customer 3", "customer 4",
                "customer 5", "customer 6", "customer 7", "customer 8");
        CyclicBarrier together = new CyclicBarrier(customers.size() + 1); // eight readers and Bob start at once
        // nothing to close: each page closes its own Session
        var reports = new Scenario03_ReadOnlySharing(db.sessionFactory());
        List<Actor<List<String>>> readers = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            long id = customers.get(i);
            readers.add(stage.start("reader-" + (i + 1), () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                List<String> pages = new ArrayList<>();
                for (int page = 0; page < 20; page++) {
                    pages.add(reports.orderSummary(id));
                }
                return pages;
            }));
        }
        Actor<List<List<String>>> bob = stage.start(BOB, () -> {
            together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<List<String>> pages = new ArrayList<>();
            for (int page = 0; page < 20; page++) {
                pages.add(reports.customerNames());
                reports.clear();
            }
            return pages;
        });

        for (int i = 0; i < readers.size(); i++) {
            String expected = "customer " + (i + 1) + ": " + (i + 1) + " orders";
            assertThat(readers.get(i).join()).hasSize(20).containsOnly(expected);
        }
        assertThat(bob.join()).hasSize(20).containsOnly(everyone);
        assertThat(db.queryForStrings("select full_name from Customer order by id")).containsExactlyElementsOf(everyone);
        assertThat(db.queryForStrings("select count(*) from PurchaseOrder group by customer_id order by customer_id"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok (every page right, no connection leaked)")
    void uncoordinatedReadersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, Race.TIMEOUT, () -> PausePoints.testDatabase("scenario03-natural"),
                Bindings.SCENARIO_03.naturalRun(Runs03_ReadOnlySharing.DEFAULT_THREADS));

        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20));
    }

    @RaceTest
    @DisplayName("eight readers and Bob at once, nothing forced: every page is right, no connection leaks")
    void naturalRunOfEightReaders(Stage stage) {
        assertThat(Bindings.SCENARIO_03.natural(stage, 8)).isEqualTo(Outcome.ok());
        assertThat(stage.db().queryForStrings("select full_name from Customer order by id")).containsExactly(ALICE, BOB);
        assertThat(stage.db().activeConnections()).isZero();
    }
}

package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Customer;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import dev.sharedsession.testsupport.junit.RaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.hibernate.AssertionFailure;
import org.hibernate.LazyInitializationException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scenario 3, broken: readers share one Session, and one of them clears it")
class Scenario03_ReadOnlySharingTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final String LOADING_THE_ORDERS = "from PurchaseOrder";
    private static final String COUNTING_THE_RECEIPTS = "from Receipt";

    @RaceTest
    @DisplayName("Alice and Bob take turns: every page is right, which is why the shared Session looks harmless")
    void aliceAndBobTakeTurns(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        try (var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            assertThat(stage.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
            assertThat(stage.start(BOB, reports::customerNames).join()).containsExactly("Alice", "Bob");
            assertThat(stage.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
        }
    }

    @RaceTest
    @DisplayName("Bob lists the customers while Alice's find is finishing its load: his clear empties her load contexts, and she gets a bare NoSuchElementException")
    void bobListsTheCustomersWhileAliceIsInsideHerFind(Stage stage) {
        Outcome outcome = Bindings.SCENARIO_03.forced(stage); // the headline interleaving, as ./lab --mode forced runs it

        assertThat(outcome.label()).isEqualTo("NoSuchElementException");
        assertThat(outcome.failure())
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage(null)
                .satisfies(failure -> assertThat(failure.getStackTrace()[1].getClassName())
                        .isEqualTo("org.hibernate.sql.results.spi.LoadContexts"));
        assertThat(stage.db().queryForStrings("select full_name from Customer")).containsExactly(ALICE); // it only read
    }

    @RaceTest
    @DisplayName("Bob lists the customers while Alice's lazy orders are loading: his clear detaches her collection half-way, NullPointerException")
    void bobListsTheCustomersWhileAliceIsLoadingHerOrders(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceLoadingOrders = stage.beforeStatement(ALICE, LOADING_THE_ORDERS);
        try (var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = stage.start(ALICE, () -> reports.orderSummary(alice));
            aliceLoadingOrders.awaitReached();            // customer found; its orders are being initialized

            List<String> bobsPage = stage.start(BOB, reports::customerNames).join();
            aliceLoadingOrders.release();

            assertThat(bobsPage).containsExactly("Alice");
            assertThat(alicesPage.failure())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("Cannot invoke \"org.hibernate.engine.spi.SharedSessionContractImplementor.isTransactionInProgress()\""
                            + " because \"this.session\" is null");
        }
    }

    @RaceTest
    @DisplayName("Bob clears the Session while Alice's list query hands out its entities: AssertionFailure 'possible non-threadsafe access to the session'")
    void bobClearsWhileAlicesListIsLoading(Stage stage) {
        Database db = stage.db();
        Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Carol", "East", 1);
        Pause aliceAfterFirstCustomer = stage.pauses().onEvent(Hook.POST_LOAD, ALICE, Customer.class);
        try (var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<List<String>> alicesPage = stage.start(ALICE, reports::customerRegions);
            aliceAfterFirstCustomer.awaitReached();       // all rows read; post-load of the first of three

            stage.start(BOB, () -> {
                reports.clear();
                return null;
            }).join();
            aliceAfterFirstCustomer.release();

            assertThat(alicesPage.failure())
                    .isInstanceOf(AssertionFailure.class)
                    .hasMessage("possible non-threadsafe access to the session");
        }
    }

    @RaceTest
    @DisplayName("Bob clears the Session between Alice's find and her first touch of the region: the customer she holds is detached, LazyInitializationException")
    void bobClearsBetweenAlicesFindAndHerLazyRegion(Stage stage) {
        Database db = stage.db();
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceCountingReceipts = stage.beforeStatement(ALICE, COUNTING_THE_RECEIPTS);
        try (var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = stage.start(ALICE, () -> reports.customerCard(alice));
            aliceCountingReceipts.awaitReached();         // she holds the customer; its region is still a proxy

            stage.start(BOB, () -> {
                reports.clear();
                return null;
            }).join();
            aliceCountingReceipts.release();

            assertThat(alicesPage.failure())
                    .isInstanceOf(LazyInitializationException.class)
                    .hasMessageMatching("Could not initialize proxy \\[dev\\.sharedsession\\.model\\.Region#\\d+] - no session");
        }
    }

    @RaceTest
    @DisplayName("eight readers are loading their orders when Bob clears the Session: all eight pages fail")
    void eightReadersAndAClear(Stage stage) {
        Database db = stage.db();
        List<Long> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "customer " + i, "North", i));
        }
        try (var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            List<Actor<String>> readers = new ArrayList<>();
            for (int i = 0; i < customers.size(); i++) {
                String reader = "reader-" + (i + 1);
                long id = customers.get(i);
                Pause loadingOrders = stage.beforeStatement(reader, LOADING_THE_ORDERS);
                readers.add(stage.start(reader, () -> reports.orderSummary(id)));
                loadingOrders.awaitReached();             // one at a time, so only the clear is concurrent
            }

            stage.start(BOB, () -> {
                reports.clear();
                return null;
            }).join();
            stage.pauses().releaseAll();

            assertThat(readers).allSatisfy(reader -> assertThat(reader.failure())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("because \"this.session\" is null"));
        }
    }
}

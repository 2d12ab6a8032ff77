package dev.sharedsession.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Customer;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Outcome;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Scenario 3, safe: every page reads in a Session of its own")
class Scenario03_ReadOnlySharingTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("Alice and Bob take turns: every page is right, no connection leaks")
    void aliceAndBobTakeTurns(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            assertThat(race.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
            assertThat(race.start(BOB, reports::customerNames).join()).containsExactly("Alice", "Bob");
            assertThat(race.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob lists the customers while Alice's find is finishing its load: both pages are right")
    void bobClearsWhileAliceIsInsideHerFind(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceAfterReadingHerRow = PausePoints.of(db).onEvent(Hook.POST_LOAD, ALICE, Customer.class);
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = race.start(ALICE, () -> reports.orderSummary(alice));
            aliceAfterReadingHerRow.awaitReached();       // inside find(): the row is read, the load not finished

            List<String> bobsPage = race.start(BOB, reports::customerNames).join();
            aliceAfterReadingHerRow.release();

            assertThat(bobsPage).containsExactly("Alice");
            assertThat(alicesPage.join()).isEqualTo("Alice: 3 orders");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob lists the customers while Alice's lazy orders are loading: her collection belongs to her own Session, 3 orders")
    void bobClearsWhileAliceIsLoadingHerOrders(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceLoadingOrders = PausePoints.of(db).beforeStatement(ALICE, "from PurchaseOrder");
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = race.start(ALICE, () -> reports.orderSummary(alice));
            aliceLoadingOrders.awaitReached();            // customer found; its orders are being initialized

            List<String> bobsPage = race.start(BOB, reports::customerNames).join();
            aliceLoadingOrders.release();

            assertThat(bobsPage).containsExactly("Alice");
            assertThat(alicesPage.join()).isEqualTo("Alice: 3 orders");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's clear while Alice's list query hands out its entities has nothing shared to clear: all three customers with their regions")
    void bobClearsWhileAlicesListIsLoading(Database db) {
        Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Carol", "East", 1);
        Pause aliceAfterFirstCustomer = PausePoints.of(db).onEvent(Hook.POST_LOAD, ALICE, Customer.class);
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<List<String>> alicesPage = race.start(ALICE, reports::customerRegions);
            aliceAfterFirstCustomer.awaitReached();       // all rows read; post-load of the first customer

            race.start(BOB, () -> {
                reports.clear();
                return null;
            }).join();
            aliceAfterFirstCustomer.release();

            assertThat(alicesPage.join()).containsExactly("Alice in North", "Bob in South", "Carol in East");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("Bob's clear between Alice's find and her first touch of the region has nothing shared to clear: her card is right")
    void bobClearsBetweenAlicesFindAndHerLazyRegion(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceCountingReceipts = PausePoints.of(db).beforeStatement(ALICE, "from Receipt");
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = race.start(ALICE, () -> reports.customerCard(alice));
            aliceCountingReceipts.awaitReached();         // she holds the customer; its region is still a proxy

            race.start(BOB, () -> {
                reports.clear();
                return null;
            }).join();
            aliceCountingReceipts.release();

            assertThat(alicesPage.join()).isEqualTo("Alice in North, 0 receipts");
        }
        assertThat(db.activeConnections()).isZero();
    }

    @RaceTest
    @DisplayName("eight readers and Bob read at once, 20 pages each, nothing forced: every page is right, the data untouched, no connection leaks")
    void eightReadersAndAClear(Database db) {
        List<Long> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "customer " + i, "North", i));
        }
        List<String> everyone = List.of("customer 1", "customer 2", "customer 3", "customer 4",
                "customer 5", "customer 6", "customer 7", "customer 8");
        CyclicBarrier together = new CyclicBarrier(customers.size() + 1); // eight readers and Bob start at once
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            List<Actor<List<String>>> readers = new ArrayList<>();
            for (int i = 0; i < customers.size(); i++) {
                long id = customers.get(i);
                readers.add(race.start("reader-" + (i + 1), () -> {
                    together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    List<String> pages = new ArrayList<>();
                    for (int page = 0; page < 20; page++) {
                        pages.add(reports.orderSummary(id));
                    }
                    return pages;
                }));
            }
            Actor<List<List<String>>> bob = race.start(BOB, () -> {
                together.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
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
        }
        assertThat(db.queryForStrings("select full_name from Customer order by id")).containsExactlyElementsOf(everyone);
        assertThat(db.queryForStrings("select count(*) from PurchaseOrder group by customer_id order by customer_id"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(db.activeConnections()).isZero();
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs, every one ok")
    void uncoordinatedReadersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario03-natural"),
                Scenario03_ReadOnlySharing::runNaturally);

        System.out.println("natural runs of the safe readers: " + tally);
        assertThat(tally.counts()).isEqualTo(Map.of("ok", 20)); // ok includes: every page right, no connection leaked
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob lists and clears the shared Session while Alice's find is finishing its load: ok")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario03_ReadOnlySharing.runForced(db)).isEqualTo(Outcome.ok());
        assertThat(db.activeConnections()).isZero();
    }

    @ParameterizedTest(name = "{0} reader(s)")
    @ValueSource(ints = {1, 8})
    @DisplayName("a natural run takes the crowd size: with 1 or 8 reader(s) it is ok; fewer than 1 is refused")
    void naturalRunTakesAnyNumberOfThreads(int threads) throws Exception {
        try (Database db = PausePoints.testDatabase("scenario03-threads")) {
            assertThat(Scenario03_ReadOnlySharing.runNaturally(db, threads)).isEqualTo(Outcome.ok());
            assertThatThrownBy(() -> Scenario03_ReadOnlySharing.runNaturally(db, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, was 0");
        }
    }
}

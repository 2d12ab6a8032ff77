package dev.sharedsession.broken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.junit.RaceTest;
import dev.sharedsession.common.model.Customer;
import dev.sharedsession.common.model.Fixtures;
import dev.sharedsession.common.race.Actor;
import dev.sharedsession.common.race.Hook;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.Pause;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Race;
import dev.sharedsession.common.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.hibernate.AssertionFailure;
import org.hibernate.LazyInitializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenario 3, broken: readers share one Session, and one of them clears it")
class Scenario03_ReadOnlySharingTest {

    private static final String ALICE = "Alice";
    private static final String BOB = "Bob";
    private static final Duration LIMIT = Race.TIMEOUT;

    @RaceTest
    @DisplayName("Alice and Bob take turns: every page is right, which is why the shared Session looks harmless")
    void aliceAndBobTakeTurns(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            assertThat(race.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
            assertThat(race.start(BOB, reports::customerNames).join()).containsExactly("Alice", "Bob");
            assertThat(race.start(ALICE, () -> reports.orderSummary(alice)).join()).isEqualTo("Alice: 3 orders");
        }
    }

    @RaceTest
    @DisplayName("Bob clears the Session while Alice's find is finishing its load: Alice gets a bare NoSuchElementException from Hibernate's load contexts")
    void bobClearsWhileAliceIsInsideHerFind(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceAfterReadingHerRow = PausePoints.of(db).onEvent(Hook.POST_LOAD, ALICE, Customer.class);
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = race.start(ALICE, () -> reports.orderSummary(alice));
            aliceAfterReadingHerRow.awaitReached();       // inside find(): the row is read, the load not finished

            List<String> bobsPage = race.start(BOB, reports::customerNames).join(); // lists, then clears
            aliceAfterReadingHerRow.release();

            assertThat(bobsPage).containsExactly("Alice");
            assertThat(alicesPage.failure())
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessage(null)
                    .satisfies(failure -> assertThat(failure.getStackTrace()[1].getClassName())
                            .isEqualTo("org.hibernate.sql.results.spi.LoadContexts"));
        }
    }

    @RaceTest
    @DisplayName("Bob clears the Session while Alice's lazy orders are loading: the collection loses its Session half-way, NullPointerException")
    void bobClearsWhileAliceIsLoadingHerOrders(Database db) {
        long alice = Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 3);
        Pause aliceLoadingOrders = PausePoints.of(db).beforeStatement(ALICE, "from PurchaseOrder");
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<String> alicesPage = race.start(ALICE, () -> reports.orderSummary(alice));
            aliceLoadingOrders.awaitReached();            // customer found; its orders are being initialized

            List<String> bobsPage = race.start(BOB, reports::customerNames).join();
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
    void bobClearsWhileAlicesListIsLoading(Database db) {
        Fixtures.customerWithOrders(db.sessionFactory(), "Alice", "North", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Bob", "South", 1);
        Fixtures.customerWithOrders(db.sessionFactory(), "Carol", "East", 1);
        Pause aliceAfterFirstCustomer = PausePoints.of(db).onEvent(Hook.POST_LOAD, ALICE, Customer.class);
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            Actor<List<String>> alicesPage = race.start(ALICE, reports::customerRegions);
            aliceAfterFirstCustomer.awaitReached();       // all rows read; post-load of the first of three

            race.start(BOB, () -> {
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

            assertThat(alicesPage.failure())
                    .isInstanceOf(LazyInitializationException.class)
                    .hasMessageMatching("Could not initialize proxy \\[dev\\.sharedsession\\.common\\.model\\.Region#\\d+] - no session");
        }
    }

    @RaceTest
    @DisplayName("eight readers are loading their orders when Bob clears the Session: all eight pages fail")
    void eightReadersAndAClear(Database db) {
        List<Long> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            customers.add(Fixtures.customerWithOrders(db.sessionFactory(), "customer " + i, "North", i));
        }
        try (Race race = Race.bounded(); var reports = new Scenario03_ReadOnlySharing(db.sessionFactory())) {
            List<Actor<String>> readers = new ArrayList<>();
            for (int i = 0; i < customers.size(); i++) {
                String reader = "reader-" + (i + 1);
                long id = customers.get(i);
                Pause loadingOrders = PausePoints.of(db).beforeStatement(reader, "from PurchaseOrder");
                readers.add(race.start(reader, () -> reports.orderSummary(id)));
                loadingOrders.awaitReached();             // one at a time, so only the clear is concurrent
            }

            race.start(BOB, () -> {
                reports.clear();
                return null;
            }).join();
            PausePoints.of(db).releaseAll();

            assertThat(readers).allSatisfy(reader -> assertThat(reader.failure())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("because \"this.session\" is null"));
        }
    }

    @Test
    @DisplayName("uncoordinated, as written in real code: 20 natural runs are counted (how many fail is the scheduler's choice, not asserted)")
    void uncoordinatedReadersCountedNaturally() {
        Tally tally = NaturalRuns.repeat(20, LIMIT, () -> PausePoints.testDatabase("scenario03-natural"),
                Scenario03_ReadOnlySharing::runNaturally);

        System.out.println("natural runs of the broken shared reader Session: " + tally);
        assertThat(tally.runs()).isEqualTo(20); // how many went wrong is not asserted: nothing was forced
    }

    @RaceTest
    @DisplayName("the forced headline run ./lab shows: Bob lists and clears the shared Session while Alice's find is finishing its load: 'NoSuchElementException'")
    void forcedRunShowsTheHeadlineFailure(Database db) throws Exception {
        assertThat(Scenario03_ReadOnlySharing.runForced(db).label())
                .isEqualTo("NoSuchElementException");
    }
}

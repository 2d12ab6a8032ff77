package dev.sharedsession.workshop.exercise05;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.GatedExecutor;
import dev.sharedsession.race.Race;
import dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads;
import dev.sharedsession.safe.Scenario05_EntitiesHandedAcrossThreads.Attach;
import dev.sharedsession.workshop.Ending;
import dev.sharedsession.workshop.ExerciseCheck;
import dev.sharedsession.workshop.OnTheStartingPoint;
import dev.sharedsession.workshop.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exercise 5's check: run it with {@code ./exercise check 5}. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Exercise 5: an entity handed to another thread")
class Exercise05Check {

    @RegisterExtension
    static final ExerciseCheck CHECK = new ExerciseCheck(5);

    private static final String REQUEST = "request";
    private static final String WORKER = "background-worker";

    private static Bonus bank(Subject subject, SessionFactory sessionFactory, Executor background) {
        return subject.<Bonus>pick(() -> new BonusCredit(sessionFactory, background),
                () -> (accountId, cents) -> new Scenario05_EntitiesHandedAcrossThreads(sessionFactory, background)
                        .creditBonus(accountId, cents, Attach.FIND_AGAIN), sessionFactory, background);
    }

    private static long account(SessionFactory sessionFactory, String owner, long cents) {
        return sessionFactory.fromTransaction(session -> {
            Account account = new Account(owner, cents);
            session.persist(account);
            return account.getId();
        });
    }

    @Test
    @Order(1)
    @OnTheStartingPoint(fails = "[Alice's balance in the database after a bonus of 100 on 1000] expected: 1100L but was: 1000L")
    @DisplayName("the task credits 100 cents after the request has returned: the database says 1100")
    void bonusAfterTheRequestReturned(Database db, Subject subject) {
        long alice = account(db.sessionFactory(), "Alice", 1000);
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            Bonus bank = bank(subject, db.sessionFactory(), background);

            CompletableFuture<Long> bonus = race.start(REQUEST, () -> bank.creditBonus(alice, 100)).join();
            background.open();

            assertThat(Ending.of(bonus)).as("how the bonus task ended").isEqualTo(Ending.COMPLETED);
            assertThat(Ending.valueOf(bonus)).as("the balance the bonus task reported").isEqualTo(1100L);
        }
        assertThat(db.queryForLong("select balance_cents from Account where id = " + alice))
                .as("Alice's balance in the database after a bonus of 100 on 1000").isEqualTo(1100);
        assertThat(db.activeConnections()).as("pooled connections still checked out").isZero();
    }

    @Test
    @Order(2)
    @OnTheStartingPoint(fails = "[Alice's balance in the database after four bonuses of 100 on 1000] expected: 1400L but was: 1000L")
    @DisplayName("four requests each hand over a bonus of 100 cents, one background thread: the database says 1400")
    void fourBonuses(Database db, Subject subject) {
        long alice = account(db.sessionFactory(), "Alice", 1000);
        List<CompletableFuture<Long>> bonuses = new ArrayList<>();
        try (Race race = Race.bounded(); GatedExecutor background = GatedExecutor.held(WORKER, 1)) {
            Bonus bank = bank(subject, db.sessionFactory(), background);
            for (int i = 1; i <= 4; i++) {
                bonuses.add(race.start(REQUEST + "-" + i, () -> bank.creditBonus(alice, 100)).join());
            }
            background.open();

            assertThat(bonuses).as("how the four bonus tasks ended").map(Ending::of).containsOnly(Ending.COMPLETED);
        }
        assertThat(db.queryForLong("select balance_cents from Account where id = " + alice))
                .as("Alice's balance in the database after four bonuses of 100 on 1000").isEqualTo(1400);
        assertThat(db.activeConnections()).as("pooled connections still checked out").isZero();
    }
}

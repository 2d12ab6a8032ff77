package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.EndedFirstException;
import dev.sharedsession.race.Gap;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.RaceTimeoutException;
import dev.sharedsession.race.Stage;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.hibernate.SessionFactory;

/**
 * Scenario 15's runs (a lock wait on the server), written once for both sides: a side is a
 * {@link Desks}, the scenario class's constructor seen through its methods as a {@link Desk},
 * and its lock timeout.
 */
public final class Runs15_LockWaitOnTheServer implements ScenarioRun {

    /** Threads of the natural run unless told otherwise. */
    public static final int DEFAULT_THREADS = 4;
    /** Deposits each thread of the natural run makes on its own account, and on the common one. */
    public static final int DEPOSITS_PER_THREAD = 3;

    public static final String ALICE = "Alice";
    public static final String BOB = "Bob";
    public static final String MONTH_END = "month-end";
    public static final String DESK = "desk";
    public static final long OPENING_CENTS = 10_000;
    public static final String BALANCE_OF_OWNER = "select balance_cents from Account where owner_name = ?";

    /** A side's desk: {@code new Scenario15_...(sessionFactory)}, seen through its methods. */
    @FunctionalInterface
    public interface Desks {
        Desk open(SessionFactory sessionFactory);
    }

    /**
     * What the runs use of a desk: its deposit request, its batch commit, its close. The safe
     * side's desk has neither of the last two (each request commits and closes its own Session):
     * it binds steps that do nothing.
     */
    public record Desk(Deposit deposit, Runnable commitBatch, Runnable shutDown) implements AutoCloseable {
        @Override
        public void close() {
            shutDown.run();
        }
    }

    /** The deposit request. */
    @FunctionalInterface
    public interface Deposit {
        void deposit(long accountId, long cents);
    }

    /**
     * What the headline cost: whether Alice was still waiting on the server when Bob's request
     * ended, and how each request ended (null: normally). Alice's wait ends only with her lock timeout (the month-end job holds her row
     * until her request is over), so "no longer waiting when Bob ended" means Bob waited out
     * her timeout: an order of events the server reports, not a duration on the client's clock.
     */
    public record Costs(boolean aliceStillWaitingWhenBobEnded, Throwable alice, Throwable bob) {
    }

    /** One forced run of the headline: how it was judged, and what it cost. */
    public record Headline(Outcome outcome, Costs costs) {
    }

    private final Desks desks;

    public Runs15_LockWaitOnTheServer(Desks desks) {
        this.desks = desks;
    }

    /**
     * The headline, forced: the month-end job locks Alice's account in a Session of its own and
     * holds it; Alice's deposit waits for the lock on the server (seen in the server's own lock
     * view); Bob deposits on his own account, which nobody locked. The month-end job lets go
     * only after Alice's request has ended. Broken: Bob's request ends only after Alice's lock
     * timeout (on PostgreSQL refused: the timeout aborted the shared transaction). Safe: Bob's
     * deposit is done while Alice still waits: ok. Alice's lock timeout is expected on both sides.
     */
    @Override
    public Outcome forced(Stage stage) {
        return headline(stage).outcome();
    }

    /** {@link #forced}, with what it cost, for the tests: a value of this run, shared with no other. */
    public Headline headline(Stage stage) {
        Database db = stage.db();
        deleteAccounts(db);
        long alice = account(db, ALICE);
        long bob = account(db, BOB);
        Gap monthEndHolds = stage.gap(MONTH_END);
        AtomicLong monthEndConnection = new AtomicLong();
        Actor<Void> monthEnd = stage.run(MONTH_END, () -> db.sessionFactory().inTransaction(session -> {
            session.find(Account.class, alice, LockModeType.PESSIMISTIC_WRITE);
            session.doWork(connection -> monthEndConnection.set(serverConnectionId(db, connection)));
            monthEndHolds.pass();                           // holds Alice's row until released
        }));
        Actor<Void> alicesRequest;
        Actor<Void> bobsRequest;
        boolean aliceStillWaiting;
        try (Desk desk = desks.open(db.sessionFactory())) {
            try {
                monthEndHolds.awaitReached();
                alicesRequest = stage.run(ALICE, () -> desk.deposit().deposit(alice, 500));
                awaitWaitersOn(db, monthEndConnection.get(), 1, alicesRequest); // Alice waits for the lock, on the server
                bobsRequest = stage.run(BOB, () -> desk.deposit().deposit(bob, 300));
                bobsRequest.failure();                      // waits (bounded) for Bob's request to end
                aliceStillWaiting = waitersOn(db, monthEndConnection.get()) == 1;
                alicesRequest.failure();                    // waits (bounded) for Alice's lock timeout
            } finally {
                monthEndHolds.release();
                monthEnd.outcome();                         // waits (bounded) for the month-end job to commit
            }
            monthEnd.join();
            stage.run(DESK, () -> desk.commitBatch().run()).join();
        }
        Costs costs = new Costs(aliceStillWaiting, alicesRequest.failure(), bobsRequest.failure());
        return new Headline(judge(db, costs), costs);
    }

    private static Outcome judge(Database db, Costs costs) {
        if (costs.bob() != null) {
            return Outcome.failed(costs.bob());
        }
        if (costs.alice() == null) {
            return Outcome.wrong("Alice's deposit went through a row the month-end job had locked");
        }
        if (!costs.aliceStillWaitingWhenBobEnded()) {
            return Outcome.wrong("Bob's request, on an account nobody locked, waited out Alice's lock timeout");
        }
        return Outcome.expectCount(db, OPENING_CENTS + 300, BALANCE_OF_OWNER, BOB);
    }

    /**
     * One natural run, nothing forced: {@code threads} threads each make
     * {@value #DEPOSITS_PER_THREAD} deposits of 1.00 on an account of their own and as many on
     * one common account, through one desk; then the desk commits the batch. Goes wrong if a
     * balance differs from the deposits that returned normally, or any exception escaped.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        deleteAccounts(db);
        long common = account(db, "common");
        List<Long> own = new ArrayList<>();
        for (int t = 1; t <= threads; t++) {
            own.add(account(db, "clerk-" + t));
        }
        AtomicLong commonDeposits = new AtomicLong();
        List<AtomicLong> ownDeposits = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Desk desk = desks.open(db.sessionFactory())) {
            List<Actor<Void>> clerks = new ArrayList<>();
            for (int t = 1; t <= threads; t++) {
                long mine = own.get(t - 1);
                AtomicLong counted = new AtomicLong();
                ownDeposits.add(counted);
                clerks.add(stage.run("clerk-" + t, () -> {
                    for (int d = 1; d <= DEPOSITS_PER_THREAD; d++) {
                        deposit(desk, mine, counted, failures);
                        deposit(desk, common, commonDeposits, failures);
                    }
                }));
            }
            clerks.forEach(Actor::join);
            desk.commitBatch().run();
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
        if (db.queryForLong(BALANCE_OF_OWNER, "common") != OPENING_CENTS + 100 * commonDeposits.get()) {
            return Outcome.wrong("a balance differs from the deposits that returned normally");
        }
        for (int t = 1; t <= threads; t++) {
            if (db.queryForLong(BALANCE_OF_OWNER, "clerk-" + t) != OPENING_CENTS + 100 * ownDeposits.get(t - 1).get()) {
                return Outcome.wrong("a balance differs from the deposits that returned normally");
            }
        }
        return failures.isEmpty() ? Outcome.ok() : Outcome.failed(failures.get(0));
    }

    private static void deposit(Desk desk, long account, AtomicLong counted, List<Throwable> failures) {
        try {
            desk.deposit().deposit(account, 100);
            counted.incrementAndGet();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static long account(Database db, String owner) {
        return db.sessionFactory().fromTransaction(session -> {
            Account account = new Account(owner, OPENING_CENTS);
            session.persist(account);
            return account.getId();
        });
    }

    private static void deleteAccounts(Database db) {
        db.sessionFactory().inTransaction(session -> session.createMutationQuery("delete from Account").executeUpdate());
    }

    /** The server's id of {@code connection}: what its lock view calls the session holding a lock. */
    private static long serverConnectionId(Database db, java.sql.Connection connection) throws java.sql.SQLException {
        String sql = switch (db.settings().engine()) {
            case H2 -> "select session_id()";
            case POSTGRESQL -> "select pg_backend_pid()";
            case MARIADB -> "select connection_id()";
        };
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * How many sessions the server shows waiting for a lock held by the connection {@code holder}.
     * On MariaDB: how many sessions of this database of ours are inside a locking read, which
     * only the month-end job's lock can hold up (its lock-wait views, {@code innodb_trx} and
     * {@code innodb_lock_waits}, missed a two-second wait in about one run of three).
     */
    private static long waitersOn(Database db, long holder) {
        return switch (db.settings().engine()) {
            case H2 -> db.queryForLong("select count(*) from information_schema.sessions where blocker_id = ?", holder);
            case POSTGRESQL -> db.queryForLong("select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))", holder);
            case MARIADB -> db.queryForLong("select count(*) from information_schema.processlist where db = database()"
                    + " and id <> ? and id <> connection_id() and command = 'Query' and info like ?", holder, "%for update wait%");
        };
    }

    /**
     * Waits (bounded by {@link Race#TIMEOUT}) until the server shows {@code count} sessions waiting
     * on {@code holder}; fails at once if {@code waiter}, who was to wait, has ended instead.
     */
    private static void awaitWaitersOn(Database db, long holder, long count, Actor<?> waiter) {
        long deadline = System.nanoTime() + Race.TIMEOUT.toNanos();
        while (waitersOn(db, holder) != count) {
            if (waiter.hasEnded()) {
                throw EndedFirstException.of("a wait for the month-end job's lock", waiter);
            }
            if (System.nanoTime() > deadline) {
                throw new RaceTimeoutException("the server never showed " + count + " session(s) waiting for the month-end job's lock");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // polling the server's lock view, not ordering threads
        }
    }
}

package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Account;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Scenario 13's runs (one failed statement aborts the transaction), written once for both
 * sides: a side is a {@link Desks}, the scenario class's constructor seen through its methods as
 * a {@link Desk}.
 */
public final class Runs13_FailedStatementAbortsTheTransaction implements ScenarioRun {

    /** Threads of the natural run unless told otherwise. */
    public static final int DEFAULT_THREADS = 4;
    /** Accounts each thread of the natural run opens. */
    public static final int ACCOUNTS_PER_THREAD = 3;

    public static final String ALICE = "Alice";
    public static final String BOB = "Bob";
    public static final String CAROL = "Carol";
    public static final String DESK = "desk";
    /** Carol's account, opened before the desk: 70.00. */
    public static final long CAROLS_CENTS = 7_000;
    public static final String ACCOUNTS_OF_OWNER = "select count(*) from Account where owner_name = ?";

    /** A side's desk: {@code new Scenario13_...(sessionFactory)}, seen through its methods. */
    @FunctionalInterface
    public interface Desks {
        Desk open(SessionFactory sessionFactory);
    }

    /**
     * What the runs use of a desk: its two requests, its batch commit, its close. The safe side's
     * desk has neither of the last two (each request commits and closes its own Session): it
     * binds steps that do nothing.
     */
    public record Desk(Opening openAccount, Balance balanceOf, Runnable commitBatch, Runnable shutDown)
            implements AutoCloseable {
        @Override
        public void close() {
            shutDown.run();
        }
    }

    /** The request that opens an account. */
    @FunctionalInterface
    public interface Opening {
        long open(String owner, long openingCents);
    }

    /** The request that reads a balance. */
    @FunctionalInterface
    public interface Balance {
        long of(long accountId);
    }

    /** What each step of the headline ended with: its failure, or null. */
    public record Steps(Throwable alice, Throwable bob, Throwable carol, Throwable batch) {
    }

    /** One forced run of the headline: how it was judged, and what each step ended with. */
    public record Headline(Outcome outcome, Steps steps) {
    }

    private final Desks desks;

    public Runs13_FailedStatementAbortsTheTransaction(Desks desks) {
        this.desks = desks;
    }

    /**
     * Carol's account, committed in a unit of work of its own before the desk opens; every
     * account from an earlier run on this database is deleted first.
     */
    public static long carolsAccount(Database db) {
        deleteAccounts(db);
        return db.sessionFactory().fromTransaction(session -> {
            Account carol = new Account(CAROL, CAROLS_CENTS);
            session.persist(carol);
            return carol.getId();
        });
    }

    /**
     * The headline, forced, one request after another on threads of their own: Alice opens her
     * account; Bob asks for the name Alice (taken: a unique-key violation, his expected failure);
     * Carol reads her balance; the desk commits the batch. Broken: on PostgreSQL Carol's read
     * fails with 25P02 ("current transaction is aborted"); on H2 and MariaDB nobody else fails,
     * the batch commit returns normally, and Alice's account is missing. Safe: Bob's request
     * rolls back alone: ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        return headline(stage).outcome();
    }

    /** {@link #forced}, with what each step ended with, for the tests: a value of this run, shared with no other. */
    public Headline headline(Stage stage) {
        Database db = stage.db();
        long carol = carolsAccount(db);
        Throwable alice;
        Throwable bob;
        Throwable carols;
        Throwable batch;
        try (Desk desk = desks.open(db.sessionFactory())) {
            alice = stage.run(ALICE, () -> desk.openAccount().open(ALICE, 10_000)).failure();
            bob = stage.run(BOB, () -> desk.openAccount().open(ALICE, 5_000)).failure();   // the name is taken
            carols = stage.run(CAROL, () -> desk.balanceOf().of(carol)).failure();
            batch = stage.run(DESK, () -> desk.commitBatch().run()).failure();
        }
        return new Headline(judge(db, alice, bob, carols, batch), new Steps(alice, bob, carols, batch));
    }

    private static Outcome judge(Database db, Throwable alice, Throwable bob, Throwable carols, Throwable batch) {
        if (alice != null) {
            return Outcome.failed(alice);
        }
        if (!(bob instanceof ConstraintViolationException)) {
            return bob == null ? Outcome.wrong("a second account for Alice was opened") : Outcome.failed(bob);
        }
        if (carols != null) {
            return Outcome.failed(carols);
        }
        if (batch != null) {
            return Outcome.failed(batch);
        }
        return db.queryForLong(ACCOUNTS_OF_OWNER, ALICE) == 1 ? Outcome.ok()
                : Outcome.wrong("Alice's request and the batch commit returned normally, her account is missing");
    }

    /**
     * One natural run, nothing forced: {@code threads} threads open
     * {@value #ACCOUNTS_PER_THREAD} accounts each through one desk, and the first thread also
     * asks once for a name already taken (its expected failure); then the desk commits the
     * batch. Goes wrong if an account whose request returned normally is missing, an account
     * whose request failed is there, or any other exception escaped.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        deleteAccounts(db);
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        List<String> opened = Collections.synchronizedList(new ArrayList<>());
        try (Desk desk = desks.open(db.sessionFactory())) {
            List<Actor<Void>> clerks = new ArrayList<>();
            for (int t = 1; t <= threads; t++) {
                String name = "clerk-" + t;
                boolean asksForATakenName = t == 1;
                clerks.add(stage.run(name, () -> {
                    for (int a = 1; a <= ACCOUNTS_PER_THREAD; a++) {
                        open(desk, name + " #" + a, opened, failed);
                        if (asksForATakenName && a == 1) {
                            open(desk, name + " #1", opened, failed);
                        }
                    }
                }));
            }
            clerks.forEach(Actor::join);
            desk.commitBatch().run();
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
        List<String> saved = db.queryForStrings("select owner_name from Account");
        synchronized (opened) {
            if (!saved.containsAll(opened)) {
                return Outcome.wrong("a request returned normally, its account is missing");
            }
        }
        if (failed.keySet().stream().anyMatch(owner -> !owner.equals("clerk-1 #1") && saved.contains(owner))) {
            return Outcome.wrong("a request failed, its account is there");
        }
        return failed.entrySet().stream()
                .filter(f -> !(f.getKey().equals("clerk-1 #1") && Outcome.peel(f.getValue()) instanceof ConstraintViolationException))
                .findFirst().map(f -> Outcome.failed(f.getValue())).orElse(Outcome.ok());
    }

    private static void deleteAccounts(Database db) {
        db.sessionFactory().inTransaction(session -> session.createMutationQuery("delete from Account").executeUpdate());
    }

    private static void open(Desk desk, String owner, List<String> opened, Map<String, Throwable> failed) {
        try {
            desk.openAccount().open(owner, 1_000);
            opened.add(owner);
        } catch (RuntimeException e) {
            failed.putIfAbsent(owner, e);
        }
    }
}

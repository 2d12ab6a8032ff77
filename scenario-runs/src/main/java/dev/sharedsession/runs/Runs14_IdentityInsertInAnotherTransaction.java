package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongBiFunction;
import org.hibernate.SessionFactory;

/**
 * Scenario 14's runs (identity ids: an INSERT that cannot wait), written once for both sides: a
 * side is its desk, {@code new Scenario14_...(sessionFactory)}, its {@code openTicket} and how
 * it ends when the desk closes (the broken side's {@code close}; nothing on the safe side, whose
 * requests each closed their own Session), bound with method references and lambdas.
 *
 * @param <D> the side's help desk
 */
public final class Runs14_IdentityInsertInAnotherTransaction<D> implements ScenarioRun {

    /** Threads of the natural run unless told otherwise. */
    public static final int DEFAULT_THREADS = 4;
    /** Tickets each thread of the natural run opens. */
    public static final int TICKETS_PER_THREAD = 5;

    public static final String ALICE = "Alice";
    public static final String BOB = "Bob";
    /** Where Alice's persist is stopped: its identity INSERT, about to be sent. */
    public static final String INSERTING_THE_TICKET = "insert into Ticket";

    private final Function<SessionFactory, D> open;
    private final ToLongBiFunction<D, String> openTicket;
    private final Consumer<D> close;

    public Runs14_IdentityInsertInAnotherTransaction(Function<SessionFactory, D> open, ToLongBiFunction<D, String> openTicket,
                                                    Consumer<D> close) {
        this.open = open;
        this.openTicket = openTicket;
        this.close = close;
    }

    /**
     * The headline, forced: Alice's {@code persist} is stopped just before its identity INSERT;
     * Bob opens his ticket from start to commit; then Alice goes on. Broken: Bob's commit fails
     * on Alice's id-less ticket and rolls the shared transaction back; Alice's INSERT then runs
     * outside any transaction and is saved, while her commit throws: "a commit threw, its ticket
     * is there". Safe: both tickets committed, each by its own request: ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        deleteTickets(db);
        Pause aliceInserting = stage.beforeStatement(ALICE, INSERTING_THE_TICKET);
        D desk = open.apply(db.sessionFactory());
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        List<String> returnedNormally = Collections.synchronizedList(new ArrayList<>());
        try {
            Actor<Void> alice = stage.run(ALICE, () -> request(desk, ALICE, returnedNormally, failed));
            aliceInserting.awaitReached();                       // inside Alice's persist, before its INSERT
            stage.run(BOB, () -> request(desk, BOB, returnedNormally, failed)).join();
            aliceInserting.release();
            alice.join();
        } finally {
            aliceInserting.release();
            close.accept(desk);
        }
        return judge(db, returnedNormally, failed);
    }

    /**
     * One natural run, nothing forced: {@code threads} threads open {@value #TICKETS_PER_THREAD}
     * tickets each through one desk. Goes wrong on a ticket whose request returned normally but
     * is missing, a ticket whose request failed but is there, a connection left checked out, or
     * any exception.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        deleteTickets(db);
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        List<String> returnedNormally = Collections.synchronizedList(new ArrayList<>());
        D desk = open.apply(db.sessionFactory());
        try {
            List<Actor<Void>> clerks = new ArrayList<>();
            for (int t = 1; t <= threads; t++) {
                String name = "clerk-" + t;
                clerks.add(stage.run(name, () -> {
                    for (int i = 1; i <= TICKETS_PER_THREAD; i++) {
                        request(desk, name + " #" + i, returnedNormally, failed);
                    }
                }));
            }
            clerks.forEach(Actor::join);
        } finally {
            close.accept(desk);
        }
        return judge(db, returnedNormally, failed);
    }

    private void request(D desk, String subject, List<String> returnedNormally, Map<String, Throwable> failed) {
        try {
            openTicket.applyAsLong(desk, subject);
            returnedNormally.add(subject);
        } catch (RuntimeException e) {
            failed.put(subject, e);
        }
    }

    private static void deleteTickets(Database db) {
        db.sessionFactory().inTransaction(s -> s.createMutationQuery("delete from Ticket").executeUpdate());
    }

    /** Compares what each request was told with the tickets the database holds. */
    static Outcome judge(Database db, List<String> returnedNormally, Map<String, Throwable> failed) {
        var saved = new TreeSet<>(db.queryForStrings("select subject from Ticket"));
        var quiet = new TreeSet<String>();
        if (db.activeConnections() > 0) {
            quiet.add("pooled connection still checked out after the Session was closed");
        }
        synchronized (returnedNormally) {
            if (!saved.containsAll(returnedNormally)) {
                quiet.add("a request returned normally, its ticket is missing");
            }
        }
        if (failed.keySet().stream().anyMatch(saved::contains)) {
            quiet.add("a request failed, its ticket is there");
        }
        if (!quiet.isEmpty()) {
            return Outcome.wrong(String.join(" + ", quiet));
        }
        return failed.values().stream().findFirst().map(Outcome::failed).orElse(Outcome.ok());
    }
}

package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Hook;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.SessionFactory;

/**
 * Scenario 1's runs (concurrent units of work), written once for both sides: a side is its
 * visit log, {@code new Scenario01_...(sessionFactory)}, its {@code recordVisit} and how it
 * ends when the visitors are done (the broken side's {@code close}; nothing on the safe side,
 * whose visits each closed their own Session), bound with method references and lambdas.
 *
 * @param <L> the side's visit log
 */
public final class Runs01_ConcurrentUnitsOfWork<L> implements ScenarioRun {

    /** Threads of the natural run unless told otherwise. */
    public static final int DEFAULT_THREADS = 4;
    /** Visits each thread of the natural run records. */
    public static final int VISITS_PER_THREAD = 5;

    static final String ALICE = "Alice";
    static final String BOB = "Bob";
    /** Bob's visit has no name: it is refused, and rolls its unit of work back. */
    static final String NO_NAME = " ";

    private final Function<SessionFactory, L> open;
    private final BiConsumer<L, String> recordVisit;
    private final Consumer<L> close;

    public Runs01_ConcurrentUnitsOfWork(Function<SessionFactory, L> open, BiConsumer<L, String> recordVisit, Consumer<L> close) {
        this.open = open;
        this.recordVisit = recordVisit;
        this.close = close;
    }

    /**
     * The headline, forced: Alice is inside her commit, her INSERT still queued, when Bob's
     * nameless visit is refused and rolls back. Broken: Bob's rollback clears the shared
     * persistence context, Alice's commit returns normally and commits nothing: "a commit
     * returned normally, its row is missing". Safe: his rollback discards only his visit: ok.
     * Bob's refusal is the expected part, no failure.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        deleteVisits(db);
        Pause aliceCommitting = stage.pauses().onEvent(Hook.FLUSH, ALICE, Object.class);
        L visits = open.apply(db.sessionFactory());
        Actor<Void> alice;
        Throwable bobsFailure;
        try {
            alice = stage.run(ALICE, () -> recordVisit.accept(visits, ALICE));
            aliceCommitting.awaitReached();              // inside Alice's commit, before its flush
            bobsFailure = stage.run(BOB, () -> recordVisit.accept(visits, NO_NAME)).failure(); // refused: rolls back
            aliceCommitting.release();
            alice.failure();                             // waits (bounded) for her commit to end
        } finally {
            aliceCommitting.release();
            close.accept(visits);
        }
        if (!(bobsFailure instanceof IllegalArgumentException)) {
            return bobsFailure == null ? Outcome.wrong("Bob's nameless visit was accepted") : Outcome.failed(bobsFailure);
        }
        Throwable alicesFailure = alice.failure();
        return alicesFailure == null ? judge(db, List.of(ALICE), Map.of())
                : judge(db, List.of(), Map.of(ALICE, alicesFailure));
    }

    /**
     * One natural run, nothing forced: {@code threads} visitors record
     * {@value #VISITS_PER_THREAD} visits each through one visit log, closed when they are done.
     * Goes wrong on a commit that returned normally whose row is missing, a commit that threw
     * whose row is there, a pooled connection still checked out after the close, or any exception.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        deleteVisits(db);
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        List<String> returnedNormally = Collections.synchronizedList(new ArrayList<>());
        L visits = open.apply(db.sessionFactory());
        try {
            List<Actor<Void>> visitors = new ArrayList<>();
            for (int t = 1; t <= threads; t++) {
                String name = "visitor-" + t;
                visitors.add(stage.run(name, () -> {
                    for (int v = 1; v <= VISITS_PER_THREAD; v++) {
                        String visit = name + " #" + v;
                        try {
                            recordVisit.accept(visits, visit);
                            returnedNormally.add(visit);
                        } catch (RuntimeException e) {
                            failed.put(visit, e);
                        }
                    }
                }));
            }
            visitors.forEach(Actor::join);
        } finally {
            close.accept(visits);
        }
        return judge(db, returnedNormally, failed);
    }

    private static void deleteVisits(Database db) {
        db.sessionFactory().inTransaction(s -> s.createMutationQuery("delete from Counter").executeUpdate());
    }

    /** Compares what each visit's commit said with what the database holds. */
    static Outcome judge(Database db, List<String> returnedNormally, Map<String, Throwable> failed) {
        var saved = new TreeSet<>(db.queryForStrings("select label from Counter"));
        var quiet = new TreeSet<String>();
        if (db.activeConnections() > 0) {
            quiet.add("pooled connection still checked out after the Session was closed");
        }
        synchronized (returnedNormally) {
            if (!saved.containsAll(returnedNormally)) {
                quiet.add("a commit returned normally, its row is missing");
            }
        }
        if (failed.keySet().stream().anyMatch(saved::contains)) {
            quiet.add("a commit threw, its row is there");
        }
        if (!quiet.isEmpty()) {
            return Outcome.wrong(String.join(" + ", quiet));
        }
        return failed.values().stream().findFirst().map(Outcome::failed).orElse(Outcome.ok());
    }
}

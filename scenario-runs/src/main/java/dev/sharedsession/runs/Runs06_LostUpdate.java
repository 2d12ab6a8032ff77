package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Counter;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Race;
import dev.sharedsession.race.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;

/**
 * Scenario 6's runs (the lost update), written once for both sides: a side is a {@link Hits},
 * the scenario class's constructor and its {@code hit} step (one visit, in the visitor's own
 * Session, on a counter with no version column), bound with a lambda.
 */
public final class Runs06_LostUpdate implements ScenarioRun {

    /** The crowd of the natural run unless told otherwise: visitors. */
    public static final int DEFAULT_THREADS = 4;

    /** Hits each visitor of a natural run makes. */
    public static final int HITS_EACH = 10;

    static final String ALICE = "Alice";
    static final String BOB = "Bob";
    /** Whatever a visitor read, it has read it: next it writes the counter. */
    static final String WRITING_THE_COUNTER = "update Counter";
    static final String HITS_OF_COUNTER = "select hits from Counter where id = ?";

    /** A side's counter: what {@code new Scenario06_...(sessionFactory).hit(counterId)} offers the runs. */
    @FunctionalInterface
    public interface Hits {
        /** One visit: one hit on the counter. */
        long hit(SessionFactory sessionFactory, long counterId);
    }

    private final Hits hits;

    public Runs06_LostUpdate(Hits hits) {
        this.hits = hits;
    }

    /**
     * The headline, forced: Alice and Bob hit one counter, each in a Session of their own. Alice
     * is about to write her hit when Bob's whole hit happens. Broken (read, add one in Java,
     * write back, no version): both read 0, both write 1: "an increment was lost: two hits,
     * hits = 1". Safe (the database adds one): hits = 2, ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        long counterId = newCounter(db.sessionFactory());
        Pause aliceBeforeWriting = stage.beforeStatement(ALICE, WRITING_THE_COUNTER);

        Actor<Long> alice = stage.start(ALICE, () -> hits.hit(db.sessionFactory(), counterId));
        aliceBeforeWriting.awaitReached();           // Alice has read whatever she reads
        Outcome bob = stage.start(BOB, () -> hits.hit(db.sessionFactory(), counterId)).outcome();
        aliceBeforeWriting.release();
        for (Outcome hit : List.of(alice.outcome(), bob)) {
            if (hit.wentWrong()) {
                return hit;
            }
        }
        long counted = db.queryForLong(HITS_OF_COUNTER, counterId);
        return counted == 2 ? Outcome.ok() : Outcome.wrong("an increment was lost: two hits, hits = " + counted);
    }

    /**
     * One natural run, nothing forced: {@code threads} visitors, each hitting one counter
     * {@value #HITS_EACH} times, each hit in a Session of its own. Goes wrong if the counter is
     * not at {@code threads × }{@value #HITS_EACH}.
     */
    @Override
    public Outcome natural(Stage stage, int threads) throws Exception {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        long counterId = newCounter(db.sessionFactory());
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Actor<Void>> visitors = new ArrayList<>();
        for (int v = 1; v <= threads; v++) {
            visitors.add(stage.run("visitor-" + v, () -> {
                together.await(Race.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (int i = 0; i < HITS_EACH; i++) {
                    hits.hit(db.sessionFactory(), counterId);
                }
            }));
        }
        for (Actor<Void> visitor : visitors) {
            Outcome outcome = visitor.outcome();
            if (outcome.wentWrong()) {
                return outcome;
            }
        }
        long expected = (long) threads * HITS_EACH;
        return db.queryForLong(HITS_OF_COUNTER, counterId) == expected ? Outcome.ok()
                : Outcome.wrong("increments lost: fewer than " + expected + " hits counted");
    }

    /** A new counter at 0, with no version column; returns its id. */
    static long newCounter(SessionFactory sessionFactory) {
        return sessionFactory.fromTransaction(session -> {
            Counter counter = new Counter("home page");
            session.persist(counter);
            return counter.getId();
        });
    }
}

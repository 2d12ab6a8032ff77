package dev.sharedsession.workshop.exercise06;

import dev.sharedsession.model.Counter;
import org.hibernate.SessionFactory;

/**
 * Exercise 6, starting point: a page counter, a Session per visit.
 *
 * <p>YOUR TASK: each visit already has its own Session and transaction, and still two visits
 * at the same moment count one hit. Make every hit count. The check runs two things:
 * <ol>
 *   <li>forced: Alice's visit is stopped just before its first UPDATE of the counter (whatever
 *       it read, it has read it), Bob's whole visit runs, then Alice goes on: the counter must
 *       say 2;</li>
 *   <li>not forced: eight visitors hit the page ten times each at once: the counter must say
 *       80 (the starting point may pass this one now and then).</li>
 * </ol>
 * Change only this file (the {@code Counter} entity has no version column; keep it). Check
 * with {@code ./exercise check 6}; page: docs/workshop/exercise-06-lost-update.md.
 */
public final class PageCounter implements HitCounter {

    private final SessionFactory sessionFactory;

    public PageCounter(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public long hit(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            Counter counter = session.find(Counter.class, counterId); // read
            counter.increment();                                      // modify
            return counter.getHits();                                 // the commit writes
        });
    }
}

package dev.sharedsession.workshop.exercise06;

import dev.sharedsession.common.model.Counter;
import org.hibernate.SessionFactory;

/**
 * Exercise 6, starting point: a page counter, a Session per visit.
 *
 * <p>YOUR TASK: each visit already has its own Session and transaction, and still two visits
 * at the same moment count one hit. Make every hit count. Change only this file (the
 * {@code Counter} entity has no version column; keep it). Check with
 * {@code ./exercise check 6}; page: docs/workshop/exercise-06-lost-update.md.
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

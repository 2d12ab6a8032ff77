package dev.sharedsession.workshop.exercise06.wrongfix;

import dev.sharedsession.model.Counter;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise06.HitCounter;
import org.hibernate.SessionFactory;

/**
 * Wrong: the counter refreshed from the database just before the increment, "to have the latest
 * value". A fresher read is still a read: another visit can commit between it and the UPDATE.
 */
@WrongFix(is = "the counter refreshed just before it is incremented",
        caughtBy = "bobCountsWhileAliceIsAboutToWrite",
        fails = "[hits on the page after Alice's and Bob's visits] expected: 2L but was: 1L")
public final class RefreshedBeforeTheIncrement implements HitCounter {

    private final SessionFactory sessionFactory;

    public RefreshedBeforeTheIncrement(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public long hit(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            Counter counter = session.find(Counter.class, counterId);
            session.refresh(counter);
            counter.increment();
            return counter.getHits();
        });
    }
}

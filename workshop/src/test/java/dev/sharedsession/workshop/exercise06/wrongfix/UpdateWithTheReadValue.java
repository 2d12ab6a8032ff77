package dev.sharedsession.workshop.exercise06.wrongfix;

import dev.sharedsession.model.Counter;
import dev.sharedsession.workshop.WrongFix;
import dev.sharedsession.workshop.exercise06.HitCounter;
import org.hibernate.SessionFactory;

/**
 * Wrong: an UPDATE statement instead of a dirty entity, but it sets the value read before it.
 * The statement is atomic; the read, the +1 and the write together are not.
 */
@WrongFix(is = "an UPDATE query that writes the value read plus one",
        caughtBy = "bobCountsWhileAliceIsAboutToWrite",
        fails = "[hits on the page after Alice's and Bob's visits] expected: 2L but was: 1L")
public final class UpdateWithTheReadValue implements HitCounter {

    private final SessionFactory sessionFactory;

    public UpdateWithTheReadValue(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public long hit(long counterId) {
        return sessionFactory.fromTransaction(session -> {
            long hits = session.find(Counter.class, counterId).getHits() + 1;
            session.createMutationQuery("update Counter set hits = :hits where id = :id")
                    .setParameter("hits", hits)
                    .setParameter("id", counterId)
                    .executeUpdate();
            return hits;
        });
    }
}

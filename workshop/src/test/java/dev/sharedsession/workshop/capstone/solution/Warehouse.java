package dev.sharedsession.workshop.capstone.solution;

import org.hibernate.SessionFactory;

/** The warehouse's side: deliveries that come in (unchanged: it was right all along). */
final class Warehouse {

    private final SessionFactory sessionFactory;

    Warehouse(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    void restock(String name, int units) {
        sessionFactory.inTransaction(session -> session.createMutationQuery(
                        "update Product set stock = stock + :units where name = :name")
                .setParameter("units", units)
                .setParameter("name", name)
                .executeUpdate());
    }
}

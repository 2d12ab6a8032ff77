package dev.sharedsession.workshop.capstone;

import org.hibernate.SessionFactory;

/** The warehouse's side: deliveries that come in. */
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

package dev.sharedsession.workshop.capstone.solution;

import dev.sharedsession.model.Product;
import org.hibernate.SessionFactory;

/** The shop's products: their prices, and what is in stock. */
final class Inventory {

    // FIXED: the SessionFactory, never a Session. A Session kept "to keep the products loaded" was
    // opened on the start-up thread and used by every request and background thread (one
    // persistence context, one connection, one transaction for all), and its persistence context
    // never saw the warehouse's deliveries: a query reads the row, then hands back the instance it
    // already holds, with the old stock, and the next take() wrote that old stock back.
    private final SessionFactory sessionFactory;

    Inventory(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** The price of one unit; refuses an order of more units than are in stock. */
    long priceFor(String name, int quantity) {
        Product product = sessionFactory.fromTransaction(session -> session
                .createSelectionQuery("from Product where name = :name", Product.class)
                .setParameter("name", name)
                .getSingleResult()); // a new persistence context: the current row
        if (product.getStock() < quantity) {
            throw new IllegalStateException("only " + product.getStock() + " of '" + name + "' in stock, " + quantity + " ordered");
        }
        return product.getPriceCents();
    }

    /** Takes the units of a placed order out of stock. */
    void take(String name, int units) {
        // FIXED: the database subtracts, under its row lock: no read-modify-write that a delivery
        // committed in between could be lost to.
        sessionFactory.inTransaction(session -> session.createMutationQuery(
                        "update Product set stock = stock - :units where name = :name")
                .setParameter("units", units)
                .setParameter("name", name)
                .executeUpdate());
    }
}

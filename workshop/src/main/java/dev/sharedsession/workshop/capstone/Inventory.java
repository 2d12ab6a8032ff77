package dev.sharedsession.workshop.capstone;

import dev.sharedsession.model.Product;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/** The shop's products: their prices, and what is in stock. */
final class Inventory implements AutoCloseable {

    // Every order reads its product: keep the products loaded instead of reading them every time.
    private final Session products;

    Inventory(SessionFactory sessionFactory) {
        this.products = sessionFactory.openSession();
    }

    /** The price of one unit; refuses an order of more units than are in stock. */
    long priceFor(String name, int quantity) {
        Product product = product(name);
        if (product.getStock() < quantity) {
            throw new IllegalStateException("only " + product.getStock() + " of '" + name + "' in stock, " + quantity + " ordered");
        }
        return product.getPriceCents();
    }

    /** Takes the units of a placed order out of stock. */
    void take(String name, int units) {
        products.inTransaction(tx -> product(name).ship(units));
    }

    private Product product(String name) {
        return products.createSelectionQuery("from Product where name = :name", Product.class)
                .setParameter("name", name)
                .getSingleResult();
    }

    @Override
    public void close() {
        products.close();
    }
}

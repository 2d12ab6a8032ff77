package dev.sharedsession.model;

import org.hibernate.SessionFactory;

/** Test and demo data, written in its own short unit of work before a race starts. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A customer in {@code region} with {@code orders} orders of 10.00 each; returns the id. */
    public static long customerWithOrders(SessionFactory sessionFactory, String name, String region, int orders) {
        return sessionFactory.fromTransaction(session -> {
            Customer customer = new Customer(name, new Region(region));
            session.persist(customer.getRegion());
            session.persist(customer);
            for (int i = 0; i < orders; i++) {
                PurchaseOrder order = new PurchaseOrder(customer, 1_000);
                customer.getOrders().add(order);
                session.persist(order);
            }
            return customer.getId();
        });
    }

    /** A product (no version column) with its price and stock; returns the id. */
    public static long product(SessionFactory sessionFactory, String name, long priceCents, int stock) {
        return sessionFactory.fromTransaction(session -> {
            Product product = new Product(name, priceCents, stock);
            session.persist(product);
            return product.getId();
        });
    }

    /** The same product with a {@code @Version} column; returns the id. */
    public static long versionedProduct(SessionFactory sessionFactory, String name, long priceCents, int stock) {
        return sessionFactory.fromTransaction(session -> {
            VersionedProduct product = new VersionedProduct(name, priceCents, stock);
            session.persist(product);
            return product.getId();
        });
    }
}

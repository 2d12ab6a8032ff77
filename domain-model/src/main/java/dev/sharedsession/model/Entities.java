package dev.sharedsession.model;

import java.util.List;

/** Every entity of the model, registered with Hibernate in one place. */
public final class Entities {

    public static final List<Class<?>> ALL = List.of(
            Region.class, Customer.class, PurchaseOrder.class, Receipt.class,
            Account.class, Counter.class, VersionedCounter.class,
            Product.class, VersionedProduct.class, Ticket.class);

    private Entities() {
    }
}

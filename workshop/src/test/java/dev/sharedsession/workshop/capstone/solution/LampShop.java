package dev.sharedsession.workshop.capstone.solution;

import dev.sharedsession.workshop.capstone.Mailer;
import dev.sharedsession.workshop.capstone.Shop;
import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;

/**
 * The capstone's solution: the same shop, every unit of work in a Session of its own. Compare
 * it with the starting point: {@code diff -r} of the two packages is the lesson (the
 * solution's page, docs/workshop/solutions/capstone.md, walks through it).
 */
public final class LampShop implements Shop {

    private final OrderDesk orders;
    private final Warehouse warehouse;

    public LampShop(SessionFactory sessionFactory, Executor background, Mailer mailer) {
        Inventory inventory = new Inventory(sessionFactory);
        Fulfilment fulfilment = new Fulfilment(sessionFactory, inventory, mailer, background);
        this.orders = new OrderDesk(sessionFactory, inventory, fulfilment);
        this.warehouse = new Warehouse(sessionFactory);
    }

    @Override
    public long placeOrder(long customerId, String product, int quantity) {
        return orders.place(customerId, product, quantity);
    }

    @Override
    public void restock(String product, int units) {
        warehouse.restock(product, units);
    }

    @Override
    public void close() {
        // FIXED: nothing to close: no Session outlives its unit of work.
    }
}

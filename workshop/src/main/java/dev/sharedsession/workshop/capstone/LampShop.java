package dev.sharedsession.workshop.capstone;

import java.util.concurrent.Executor;
import org.hibernate.SessionFactory;

/**
 * The capstone: a small shop that sells lamps and mugs. The application's wiring: built once at
 * start-up, then used by every request thread and by the background.
 *
 * <p>YOUR TASK: the check ({@code ./exercise check capstone}) runs a day at the shop and
 * reports what came out wrong. Find out why, and fix it. Page: docs/workshop/capstone.md.
 */
public final class LampShop implements Shop {

    private final Inventory inventory;
    private final OrderDesk orders;
    private final Warehouse warehouse;

    /**
     * @param background where the shop hands work that the customer need not wait for
     * @param mailer     sends the confirmation mails
     */
    public LampShop(SessionFactory sessionFactory, Executor background, Mailer mailer) {
        this.inventory = new Inventory(sessionFactory);
        Fulfilment fulfilment = new Fulfilment(inventory, mailer, background);
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
        inventory.close();
    }
}

package dev.sharedsession.workshop.capstone;

import dev.sharedsession.model.PurchaseOrder;
import java.util.concurrent.Executor;

/** What happens after an order is placed, in the background: the customer need not wait for it. */
final class Fulfilment {

    private final Inventory inventory;
    private final Mailer mailer;
    private final Executor background;

    Fulfilment(Inventory inventory, Mailer mailer, Executor background) {
        this.inventory = inventory;
        this.mailer = mailer;
        this.background = background;
    }

    void orderPlaced(PurchaseOrder order, String product, int quantity) {
        background.execute(() -> {
            inventory.take(product, quantity);
            mailer.send(order.getCustomer().getName(), confirmation(order.getAmountCents(), product, quantity));
        });
    }

    static String confirmation(long amountCents, String product, int quantity) {
        return "your order of " + quantity + " x " + product + " (" + amountCents + " cents) is on its way";
    }
}

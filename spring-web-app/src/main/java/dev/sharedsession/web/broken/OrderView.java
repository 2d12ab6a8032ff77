package dev.sharedsession.web.broken;

import dev.sharedsession.model.PurchaseOrder;

/**
 * The answer of {@code POST /orders}, read from the entity by Jackson while it writes the response,
 * after the controller returned. With open-in-view the entity is still managed by the request's
 * EntityManager while this happens, and that EntityManager is closed on the request thread only
 * after the response is written. It reads only what is already loaded (the customer was found, not
 * referenced), so it works with open-in-view off too: the response is not where this shop breaks.
 */
public class OrderView {

    private final PurchaseOrder order;

    OrderView(PurchaseOrder order) {
        this.order = order;
    }

    public long getId() {
        return order.getId();
    }

    public String getCustomer() {
        return order.getCustomer().getName();
    }

    public long getAmountCents() {
        return order.getAmountCents();
    }
}

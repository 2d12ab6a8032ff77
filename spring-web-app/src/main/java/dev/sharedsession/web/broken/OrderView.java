package dev.sharedsession.web.broken;

import dev.sharedsession.model.PurchaseOrder;

/**
 * The answer of {@code POST /orders}, read from the entity while Jackson writes the response, after
 * the controller returned. That only works because open-in-view keeps the request's EntityManager
 * open until the response is written: {@link #getRegion()} loads the customer's lazy region right
 * there, on the request thread, through the same Session the background work was handed.
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

    public String getRegion() {
        return order.getCustomer().getRegion().getLabel();
    }

    public long getAmountCents() {
        return order.getAmountCents();
    }
}

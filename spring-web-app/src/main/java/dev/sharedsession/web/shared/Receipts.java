package dev.sharedsession.web.shared;

/** How a receipt names its order, so that {@code GET /orders/{id}} can find it. */
public final class Receipts {

    private Receipts() {
    }

    /** The receipt's text: "order 7: 25.00 for Alice in North". */
    public static String text(long orderId, long amountCents, String customer, String region) {
        return prefix(orderId) + String.format("%d.%02d for %s in %s", amountCents / 100, amountCents % 100, customer, region);
    }

    /** What every receipt of this order starts with. */
    public static String prefix(long orderId) {
        return "order " + orderId + ": ";
    }

    /** The loyalty counter's label for a customer: one point per order. */
    public static String loyaltyLabel(long customerId) {
        return "loyalty points of customer " + customerId;
    }
}

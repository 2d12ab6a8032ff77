package dev.sharedsession.web.shared;

/** The body of {@code POST /orders}: {@code {"customerId": 1, "amountCents": 2500}}. */
public record NewOrder(Long customerId, Long amountCents) {

    /** Refuses what no order can be, with the one line the client gets back (400). */
    public NewOrder {
        if (customerId == null) {
            throw new IllegalArgumentException("customerId is missing");
        }
        if (amountCents == null || amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be a positive number of cents");
        }
    }
}

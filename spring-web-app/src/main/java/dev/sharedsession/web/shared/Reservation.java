package dev.sharedsession.web.shared;

/** One line of {@code GET /warehouse/reservations}: the order the stock is for, and its amount. */
public record Reservation(long orderId, long amountCents) {
}

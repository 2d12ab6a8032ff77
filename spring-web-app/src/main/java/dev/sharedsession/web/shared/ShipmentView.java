package dev.sharedsession.web.shared;

/**
 * The answer of {@code POST}, {@code PUT} and {@code GET /orders/{id}/shipment}: where the order
 * goes and the carrier's estimate ({@code "pending"} until the background work wrote it).
 */
public record ShipmentView(long orderId, String address, String estimate) {
}

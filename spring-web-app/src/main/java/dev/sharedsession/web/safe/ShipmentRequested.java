package dev.sharedsession.web.safe;

/** Published inside the shipment's transaction, delivered after it commits: the order's id, not the shipment. */
public record ShipmentRequested(long orderId) {
}

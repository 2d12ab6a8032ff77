package dev.sharedsession.web.safe;

/** Published inside a large order's transaction, delivered after it commits (never if it rolls back): an id. */
public record LargeOrderPlaced(long orderId) {
}

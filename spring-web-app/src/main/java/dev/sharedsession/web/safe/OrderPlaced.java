package dev.sharedsession.web.safe;

/** Published inside the order's transaction, delivered after it commits: an id, not an entity. */
public record OrderPlaced(long orderId) {
}

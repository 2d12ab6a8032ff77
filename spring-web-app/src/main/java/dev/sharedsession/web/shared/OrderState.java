package dev.sharedsession.web.shared;

/**
 * The answer of {@code GET /orders/{id}}: the order and how its background work stands.
 * {@code receipt} is the receipt's text, {@code "pending"}, or (safe application only)
 * {@code "receipt failed: <why>"}.
 */
public record OrderState(long id, String customer, long amountCents, String receipt, long loyaltyPoints) {
}

package dev.sharedsession.web.shared;

/** The answer of {@code GET /stats}: orders, receipts written, background failures recorded, loyalty points given. */
public record Stats(long orders, long receipts, long failures, long loyaltyPoints) {
}

package dev.sharedsession.web.safe;

/**
 * The answer of {@code POST /orders}: plain values, copied inside the service's transaction, so
 * writing the response needs no EntityManager at all.
 */
public record OrderView(long id, String customer, String region, long amountCents) {
}

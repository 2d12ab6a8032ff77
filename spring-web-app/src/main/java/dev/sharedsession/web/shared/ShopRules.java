package dev.sharedsession.web.shared;

/** The shop's two rules about money, the same in both applications. */
public final class ShopRules {

    /** An order of 500.00 or more has stock reserved at the warehouse. */
    public static final long LARGE_ORDER_CENTS = 50_000;

    /** A customer's orders may total at most 1,000.00; the order that would go over is refused (409). */
    public static final long CREDIT_LIMIT_CENTS = 100_000;

    private ShopRules() {
    }

    public static boolean isLarge(long amountCents) {
        return amountCents >= LARGE_ORDER_CENTS;
    }

    /** Throws {@link CreditLimitExceededException} if the customer's orders, this one included, total more than the limit. */
    public static void checkCredit(long customerId, long totalCents) {
        if (totalCents > CREDIT_LIMIT_CENTS) {
            throw new CreditLimitExceededException("credit limit exceeded: customer " + customerId + "'s orders would total "
                    + money(totalCents) + ", the limit is " + money(CREDIT_LIMIT_CENTS));
        }
    }

    private static String money(long cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }
}

package dev.sharedsession.web.shared;

/** An order refused by {@link ShopRules#checkCredit}: thrown inside the order's transaction, so it rolls back; 409. */
public class CreditLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CreditLimitExceededException(String message) {
        super(message);
    }
}

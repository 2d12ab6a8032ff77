package dev.sharedsession.workshop.capstone;

/**
 * The capstone's shape: what the check calls, on your code and on the solution. Do not change
 * this file (nor {@link Mailer}); every other file of this package is yours.
 */
public interface Shop extends AutoCloseable {

    /**
     * A customer's order, on the request's thread: the order is saved when this returns; taking
     * the units out of stock and the confirmation mail happen in the background. Returns the
     * order's id.
     */
    long placeOrder(long customerId, String product, int quantity);

    /** The warehouse receives {@code units} more of a product. */
    void restock(String product, int units);

    /** When the shop shuts down. */
    @Override
    void close();
}

package dev.sharedsession.workshop.exercise07;

/** Exercise 7's shape: what the check calls, on your starting point and on the solution. */
public interface Storefront extends AutoCloseable {

    /** The product page: name, price and stock, as the database has them now. */
    String productPage(long productId);

    /** The merchandiser sets a new price, through the storefront. */
    void reprice(long productId, long cents);

    /** When the storefront shuts down. */
    @Override
    void close();
}

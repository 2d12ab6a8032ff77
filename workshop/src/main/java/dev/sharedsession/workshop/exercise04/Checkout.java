package dev.sharedsession.workshop.exercise04;

import java.util.concurrent.CompletableFuture;

/** Exercise 4's shape: what the check calls, on your starting point and on the solution. */
public interface Checkout {

    /**
     * The checkout request, on the calling thread: loads the customer, renders the page, and
     * hands "write the receipt" to the background. Returns the receipt task.
     */
    CompletableFuture<Void> checkout(long customerId);
}

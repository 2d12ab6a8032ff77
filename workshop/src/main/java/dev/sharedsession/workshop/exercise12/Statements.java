package dev.sharedsession.workshop.exercise12;

import java.util.concurrent.CompletableFuture;

/** Exercise 12's shape: what the check calls, on your starting point and on the solution. */
public interface Statements {

    /** Hands "write this customer's monthly statement" to the background; completes when it is written. */
    CompletableFuture<Void> submitStatement(long customerId);

    /** Slow work that needs no database: rendering the statement (in real life, a remote call). */
    @FunctionalInterface
    interface SlowWork {
        String render(String customerName) throws InterruptedException;
    }
}

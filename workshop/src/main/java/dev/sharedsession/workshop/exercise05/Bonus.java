package dev.sharedsession.workshop.exercise05;

import java.util.concurrent.CompletableFuture;

/** Exercise 5's shape: what the check calls, on your starting point and on the solution. */
public interface Bonus {

    /**
     * The request, on the calling thread: shows the account, and hands "credit a bonus of
     * {@code cents}" to a background task. The task's result is the balance it committed.
     */
    CompletableFuture<Long> creditBonus(long accountId, long cents);
}

package dev.sharedsession.workshop.exercise09;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Exercise 9's shape: what the check calls, on your starting point and on the solution. */
public interface Imports {

    /** The request hands a batch of receipt lines to the background; the future says how the task ended. */
    CompletableFuture<Integer> submitImport(long customerId, List<String> lines);

    /** Writes one receipt per line, all or nothing, on the calling thread; a blank line fails the batch. Returns the lines written. */
    int importReceipts(long customerId, List<String> lines);
}

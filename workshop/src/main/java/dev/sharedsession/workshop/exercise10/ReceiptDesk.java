package dev.sharedsession.workshop.exercise10;

import java.util.concurrent.CompletableFuture;

/** Exercise 10's shape: what the check calls, on your starting point and on the solution. */
public interface ReceiptDesk {

    /**
     * The checkout request: hands "write the receipt, quoting the customer's note" to the
     * background and returns at once. The future completes when the receipt is written, and
     * fails with the reason if it cannot be.
     */
    CompletableFuture<Void> checkout(long customerId, String note);

    /** What a receipt says: it quotes the customer's note, which may be too long for its column. */
    static String receiptText(String note) {
        return "thank you! your note: " + note;
    }
}

package dev.sharedsession.model;

/**
 * The bank of scenarios 2 and 8, the same API on both sides (broken and safe), each side its
 * own way inside: the runs that force and count them are written once, against this.
 */
public interface Bank {

    /** Moves {@code cents} from the account {@code fromId} to {@code payee}'s account, as one unit of work. */
    void transfer(long fromId, String payee, long cents);

    /** Opens an account; a negative opening balance is refused. Returns its id. */
    long openAccount(String owner, long openingCents);
}

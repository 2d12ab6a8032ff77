package dev.sharedsession.model;

/**
 * A bank whose units of work are made of steps a caller can see (scenario 8, both sides): a
 * transfer is {@code begin()}, {@code withdraw}, {@code deposit}, {@code commit()}.
 */
public interface SteppedBank extends Bank {

    /** Begins a unit of work. */
    Steps begin();

    /** The steps of one unit of work; it ends with {@link #commit()} or {@link #rollback()}. */
    interface Steps {
        /** Step 1 of a transfer: takes {@code cents} from the account {@code fromId}. */
        void withdraw(long fromId, long cents);

        /** Step 2 of a transfer: gives {@code cents} to {@code payee}'s account. */
        void deposit(String payee, long cents);

        /** Adds a new account; a negative opening balance is refused. Returns its id. */
        long open(String owner, long openingCents);

        void commit();

        void rollback();
    }
}

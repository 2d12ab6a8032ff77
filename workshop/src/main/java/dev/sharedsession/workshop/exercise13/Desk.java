package dev.sharedsession.workshop.exercise13;

/** Exercise 13's shape: what the check calls, on your starting point and on the solution. */
public interface Desk extends AutoCloseable {

    /** A request: opens an account for {@code owner}; a name already taken fails this request. Returns the new account's id. */
    long openAccount(String owner, long openingCents);

    /** A request: the balance of an account; an id without an account is refused. */
    long balanceOf(long accountId);

    /** Called every so often (by a scheduler, in real life): the end of a batch of requests. */
    void commitBatch();

    /** When the desk closes. */
    @Override
    void close();
}

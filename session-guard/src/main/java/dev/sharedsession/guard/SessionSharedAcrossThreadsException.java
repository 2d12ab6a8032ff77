package dev.sharedsession.guard;

/**
 * A Session (or its Transaction, a query it created, an entity or collection it loaded) was
 * used by a thread the {@link SessionGuard} does not allow: under {@code CONFINED} any thread
 * but its owner, under {@code EXCLUSIVE} a second thread while another is still inside a call.
 * Thrown before the call touches the persistence context or the database.
 *
 * <p>The message names the owner (or the thread inside, or the thread that closed the
 * Session), the offending thread and the call, and says what to do. If the factory was built
 * with {@code hibernate.session_guard.open_site=true}, the cause is a {@link SessionOpenedHere}
 * whose stack trace is where the Session was opened, and the message names its first frame
 * outside Hibernate.
 *
 * <p>A refused call inside a transaction makes Hibernate mark that transaction rollback-only (it
 * does so for any failed call). The owner's later {@code commit()} then rolls back, and instead
 * of returning normally it throws this exception too, with the refused call as its cause.
 */
public class SessionSharedAcrossThreadsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String ownerThread;
    private final String offendingThread;
    private final String call;

    SessionSharedAcrossThreadsException(String message, String ownerThread, String offendingThread, String call,
                                        Throwable cause) {
        super(message, cause);
        this.ownerThread = ownerThread;
        this.offendingThread = offendingThread;
        this.call = call;
    }

    /**
     * The thread the Session belongs to under {@code CONFINED}, the thread still inside a call
     * under {@code EXCLUSIVE}, the thread that closed it, or the thread that released it.
     */
    public String ownerThread() {
        return ownerThread;
    }

    /** The thread that was stopped. */
    public String offendingThread() {
        return offendingThread;
    }

    /** What it was calling: {@code Session.find}, {@code Transaction.commit}, {@code lazy loading of Customer.orders}... */
    public String call() {
        return call;
    }

    /**
     * Where a Session was opened: a stack captured when it was opened, on the opening thread,
     * only if {@code hibernate.session_guard.open_site=true} (it costs a stack trace per Session).
     */
    public static final class SessionOpenedHere extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SessionOpenedHere(String thread) {
            super("the Session was opened here, by thread '" + thread + "'");
        }
    }
}

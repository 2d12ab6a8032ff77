package dev.sharedsession.race;

/**
 * A thread the harness was waiting for (at a {@link Pause}, in a {@link Gap}, or for something
 * it was to do) ended without getting there: waiting on would only run into the timeout. The
 * wait fails at once instead, and says how the thread ended; if it failed, that failure is the
 * cause, and {@link Outcome#failed} reports the cause itself as the outcome, so a run whose
 * choreography could not go on ends with what stopped the thread.
 *
 * <p>This is how a forced run ends when something stops a thread early on purpose: the session
 * guard refusing its first call on a Session another thread opened, say.
 */
public class EndedFirstException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EndedFirstException(String waitedFor, Ending ending) {
        super(waitedFor + ": never reached: " + ending.story(), ending.failure());
    }

    /**
     * For a run's own bounded waits (polling a server, say): {@code actor} has ended, so what it
     * was to do, {@code waitedFor}, will not happen. Throws {@link IllegalStateException} if it
     * is still running.
     */
    public static EndedFirstException of(String waitedFor, Actor<?> actor) {
        if (!actor.hasEnded()) {
            throw new IllegalStateException("'" + actor.name() + "' is still running");
        }
        return new EndedFirstException(waitedFor, actor.ending());
    }
}

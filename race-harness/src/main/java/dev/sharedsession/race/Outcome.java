package dev.sharedsession.race;

import dev.sharedsession.database.Database;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How one run of a scenario ended, as a short label that can be counted: {@code ok}, a
 * description of the corruption found ("receipt missing"), the exception that escaped
 * ("IllegalStateException: Session/EntityManager is closed"), {@code HANG}, or
 * {@linkplain #stopped stopped}: a guard refused a call before it did harm, which is neither
 * ok nor wrong.
 *
 * @param failure the exception that ended the run, wrappers peeled off, so a test can assert
 *                its exact type and message; {@code null} if none escaped
 */
public record Outcome(String label, boolean wentWrong, Throwable failure) {

    private static final Outcome OK = new Outcome("ok", false);
    /** How a {@link #stopped} outcome's label begins. */
    public static final String STOPPED = "stopped: ";

    /** Two outcomes are the same outcome when they read the same: the exception object is not compared. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Outcome that && label.equals(that.label) && wentWrong == that.wentWrong;
    }

    @Override
    public int hashCode() {
        return label.hashCode() * 31 + Boolean.hashCode(wentWrong);
    }

    /** An outcome without an exception (ok, a corruption found, a hang). */
    public Outcome(String label, boolean wentWrong) {
        this(label, wentWrong, null);
    }

    public static Outcome ok() {
        return OK;
    }

    /** Something went wrong without an exception, such as rows lost; say what. */
    public static Outcome wrong(String what) {
        return new Outcome(what, true);
    }

    /**
     * Ok if {@code sql} (a count, run through plain JDBC with {@code parameters} bound to its
     * {@code ?}) gives {@code expected}; else says what it gave.
     */
    public static Outcome expectCount(Database db, long expected, String sql, Object... parameters) {
        long actual = db.queryForLong(sql, parameters);
        return actual == expected ? ok() : wrong("counted " + actual + " instead of " + expected + ": " + sql);
    }

    /** An exception escaped; labelled by its type and message, with wrappers peeled off. */
    public static Outcome failed(Throwable failure) {
        return new Outcome(describe(failure), true, peel(failure));
    }

    /**
     * How a background task ended: waits for {@code task} at most {@code limit}; ok, the failure
     * it ended with, or a hang of {@code who} (the thread that runs it).
     */
    public static Outcome of(Future<?> task, Duration limit, String who) throws InterruptedException {
        try {
            task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return ok();
        } catch (ExecutionException failure) {
            return failed(failure);
        } catch (TimeoutException hang) {
            return hang(who);
        }
    }

    /**
     * A guard stopped the run on purpose before it could do harm, and the data was found as it
     * was when the guard stepped in: {@code what} says whom it stopped where ("'Alice' in
     * Session.beginTransaction"). Not wrong, and not ok either: the run did not do its work, it
     * was refused. Counted on its own ({@link Tally#stopped()}).
     */
    public static Outcome stopped(String what) {
        return new Outcome(STOPPED + what, false);
    }

    /** Whether this is a {@link #stopped} outcome. */
    public boolean isStopped() {
        return !wentWrong && label.startsWith(STOPPED);
    }

    /** The run did not finish within its limit. */
    public static Outcome hang(String who) {
        return new Outcome("HANG (" + who + " never finished)", true);
    }

    /**
     * The failure without the wrappers that say nothing (ExecutionException, CompletionException,
     * the harness's own, and an {@link EndedFirstException} of a thread that failed: then what it
     * failed with).
     */
    public static Throwable peel(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && (t instanceof ExecutionException || t instanceof CompletionException
                    || t instanceof Actor.ActorFailedException || t instanceof EndedFirstException)) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * "SimpleName: first line of the message", after peeling off the wrappers that say nothing
     * (ExecutionException, CompletionException, the harness's own). Numbers are replaced by
     * {@code #} and object hashes by {@code @…} so the same failure with another id counts as one outcome.
     */
    public static String describe(Throwable failure) {
        Throwable t = peel(failure);
        String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        message = message.replaceAll("@\\p{XDigit}+\\b", "@…").replaceAll("\\b\\d+\\b", "#");
        if (message.length() > 120) {
            message = message.substring(0, 117) + "...";
        }
        return message.isEmpty() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }
}

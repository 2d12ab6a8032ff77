package dev.sharedsession.race;

/**
 * A bounded wait of the harness ran out: a thread never reached the point it was expected to
 * reach, or never finished. The race is reported as a hang instead of blocking the build.
 */
public class RaceTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RaceTimeoutException(String message) {
        super(message);
    }
}

package dev.sharedsession.webload;

/** Why {@code ./lab web} could not do its run: one line for the user, and the exit code. */
final class WebLoadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    WebLoadFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}

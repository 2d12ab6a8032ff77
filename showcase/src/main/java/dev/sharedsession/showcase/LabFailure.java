package dev.sharedsession.showcase;

/** The run cannot be done (database unreachable, output unwritable, a worker JVM died): one line, exit code 1. */
final class LabFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LabFailure(String message) {
        super(message);
    }
}

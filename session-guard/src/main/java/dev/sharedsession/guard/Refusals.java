package dev.sharedsession.guard;

import org.jboss.logging.Logger;

/**
 * Every refusal is also logged, once, where it is made: code that swallows exceptions (a task
 * whose {@code Future} nobody reads, a catch-all in a scheduler) would otherwise lose the one
 * message that says which threads shared the Session. WARN with the message; with the stack
 * trace too when the logger is at DEBUG. Through JBoss Logging, Hibernate's own logging facade,
 * so it goes wherever Hibernate's log goes; the logger is {@code dev.sharedsession.guard.SessionGuard}.
 */
final class Refusals {

    private static final Logger LOG = Logger.getLogger(SessionGuard.class);

    private Refusals() {
    }

    static <T extends SessionSharedAcrossThreadsException> T logged(T refused) {
        if (LOG.isDebugEnabled()) {
            LOG.warn(refused.getMessage(), refused);
        } else {
            LOG.warn(refused.getMessage());
        }
        return refused;
    }
}

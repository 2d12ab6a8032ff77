package dev.sharedsession.guardproof;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every refusal the session guard makes while this is open, in order, as the exceptions
 * themselves. A forced run reports what its own threads ended with, but not every refusal reaches
 * its outcome: a run may keep a request's failure to judge it against the rows, a task's
 * {@code CompletableFuture} keeps its own, and the run reports the first only; the guard logs
 * every refusal where it makes it
 * (logger {@code dev.sharedsession.guard.SessionGuard}, with the exception at DEBUG), so this
 * listens there.
 */
final class Refusals implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(SessionGuard.class);
    private final Level levelBefore = logger.getLevel();
    private final boolean additiveBefore = logger.isAdditive();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    private Refusals() {
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);  // DEBUG: the guard attaches the exception to the log event
        logger.setAdditive(false);     // the test asserts them; the console need not show them
    }

    static Refusals watch() {
        return new Refusals();
    }

    /** The refusals so far, in the order they were made. */
    List<SessionSharedAcrossThreadsException> all() {
        synchronized (events) {
            return events.list.stream()
                    .map(event -> (ThrowableProxy) event.getThrowableProxy())
                    .map(proxy -> (SessionSharedAcrossThreadsException) proxy.getThrowable())
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(events);
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
        events.stop();
    }
}

package dev.sharedsession.guard;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the guard logs while this is open, on its logger {@code dev.sharedsession.guard.SessionGuard}
 * (through JBoss Logging to SLF4J and logback, as in every test run), at a level a test picks:
 * WARN, as an application would run, or DEBUG. The tests' logback configuration keeps the guard
 * quiet at ERROR; this raises it, keeps the lines off the console, and puts it back on close.
 */
final class GuardLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(SessionGuard.class);
    private final Level levelBefore = logger.getLevel();
    private final boolean additiveBefore = logger.isAdditive();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    private GuardLog(Level level) {
        events.start();
        logger.addAppender(events);
        logger.setLevel(level);
        logger.setAdditive(false);
    }

    /** The guard's log at WARN, as an application runs it. */
    static GuardLog atWarn() {
        return new GuardLog(Level.WARN);
    }

    static GuardLog atDebug() {
        return new GuardLog(Level.DEBUG);
    }

    /** Every event so far, in order. */
    List<ILoggingEvent> events() {
        synchronized (events) {
            return List.copyOf(events.list);
        }
    }

    /** The messages of the WARN lines so far, in order. */
    List<String> warnings() {
        return events().stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(events);
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
        events.stop();
    }
}

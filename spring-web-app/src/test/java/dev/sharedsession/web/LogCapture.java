package dev.sharedsession.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * What the application logged at WARN or above while a test ran, line by line, each with the
 * class and message of its exception: proof that a failure was logged, and that nothing else was.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** "ERROR logger [thread]: message | ExceptionClass: its message", for every event at WARN or above. */
    public List<String> lines() {
        return appender.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(LogCapture::line).toList();
    }

    /** The exceptions logged at WARN or above. */
    public List<IThrowableProxy> exceptions() {
        return appender.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getThrowableProxy).filter(Objects::nonNull).toList();
    }

    private static String line(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return event.getLevel() + " " + event.getLoggerName() + " [" + event.getThreadName() + "]: " + event.getFormattedMessage()
                + (thrown == null ? "" : " | " + thrown.getClassName() + ": " + thrown.getMessage());
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}

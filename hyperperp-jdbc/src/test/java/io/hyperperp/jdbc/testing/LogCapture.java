package io.hyperperp.jdbc.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event (all levels, all loggers, including exception messages) while open, for asserting
 * that secrets never reach the logs.
 */
public final class LogCapture implements AutoCloseable {

    private static final List<String> LOGGERS =
            List.of(Logger.ROOT_LOGGER_NAME, "com.zaxxer.hikari", "org.flywaydb", "io.zonky.test", "org.jdbi",
                    "org.postgresql", "io.hyperperp");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> previousLevels = new HashMap<>();
    private final Logger root;

    /** Starts capturing at TRACE level. */
    public LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (String name : LOGGERS) {
            Logger logger = context.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    /** @return all captured text: formatted messages plus the messages of attached exceptions and causes */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            out.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                out.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        previousLevels.forEach(Logger::setLevel);
    }
}

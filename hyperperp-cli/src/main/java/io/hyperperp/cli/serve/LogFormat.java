package io.hyperperp.cli.serve;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * How {@code serve} logs: {@code text} (the pattern of logback.xml) or {@code json}, one object per
 * line from logback's {@link JsonEncoder}, on stderr either way. The server's own loggers log at
 * INFO, everything else stays at WARN.
 */
public enum LogFormat {
    /** logback.xml's pattern. */
    TEXT,
    /** One JSON object per line. */
    JSON;

    /** Applies the format and raises the server's loggers to INFO. */
    void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration rules
        }
        context.getLogger("io.hyperperp").setLevel(Level.INFO);
        if (this == JSON) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            // One readable message per line: the formatted text instead of the template and its arguments.
            encoder.setWithFormattedMessage(true);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithContext(false);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.start();
            ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
            appender.setContext(context);
            appender.setName("STDERR_JSON");
            appender.setTarget("System.err");
            appender.setEncoder(encoder);
            appender.start();
            root.detachAndStopAllAppenders();
            root.addAppender(appender);
        }
    }
}

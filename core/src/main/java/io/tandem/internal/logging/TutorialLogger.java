package io.tandem.internal.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleLogger;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An slf4j-simple logger that writes {@code <logger name> - <LEVEL> - <message>}, as Python's logging does
 * with the tutorial's formatter (so warnings say {@code WARNING}, and errors marked {@link ProcessLoggers#CRITICAL}
 * say {@code CRITICAL}).
 */
final class TutorialLogger extends SimpleLogger
{
    private static final long serialVersionUID = 1L;

    TutorialLogger(final String name)
    {
        super(name);
    }

    @Override
    protected void handleNormalizedLoggingCall(final Level level, final Marker marker, final String messagePattern,
        final Object[] arguments, final Throwable throwable)
    {
        final StringBuilder line = new StringBuilder(128)
            .append(name).append(" - ").append(levelName(level, marker)).append(" - ")
            .append(MessageFormatter.basicArrayFormat(messagePattern, arguments)).append(System.lineSeparator());
        if (throwable != null)
        {
            final StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        final PrintStream err = System.err;
        synchronized (err)
        {
            err.print(line);
            err.flush();
        }
    }

    private static String levelName(final Level level, final Marker marker)
    {
        if (level == Level.ERROR && marker != null && marker.contains(ProcessLoggers.CRITICAL.getName()))
        {
            return "CRITICAL";
        }
        return level == Level.WARN ? "WARNING" : level.name();
    }
}

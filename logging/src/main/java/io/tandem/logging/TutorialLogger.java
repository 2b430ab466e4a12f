package io.tandem.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Writes {@code <logger name> - <LEVEL> - <message>} to stderr, as Python's logging does with the tutorial's
 * formatter (so warnings say {@code WARNING}, and errors marked {@code CRITICAL} say {@code CRITICAL}).
 */
final class TutorialLogger extends LegacyAbstractLogger
{
    private static final long serialVersionUID = 1L;

    /** The marker name that makes an error print as Python's {@code CRITICAL} (core's ProcessLoggers.CRITICAL). */
    static final String CRITICAL = "CRITICAL";

    /** The lowest level printed, as an int of {@link Level}; above ERROR's prints nothing. */
    private final int threshold;

    TutorialLogger(final String name, final int threshold)
    {
        this.name = name;
        this.threshold = threshold;
    }

    @Override
    public boolean isTraceEnabled()
    {
        return Level.TRACE.toInt() >= threshold;
    }

    @Override
    public boolean isDebugEnabled()
    {
        return Level.DEBUG.toInt() >= threshold;
    }

    @Override
    public boolean isInfoEnabled()
    {
        return Level.INFO.toInt() >= threshold;
    }

    @Override
    public boolean isWarnEnabled()
    {
        return Level.WARN.toInt() >= threshold;
    }

    @Override
    public boolean isErrorEnabled()
    {
        return Level.ERROR.toInt() >= threshold;
    }

    @Override
    protected String getFullyQualifiedCallerName()
    {
        return null;
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
        final PrintStream err = System.err; // read at each call: tests and ProcessOptions.output(PIPE) replace it
        synchronized (err)
        {
            err.print(line);
            err.flush();
        }
    }

    private static String levelName(final Level level, final Marker marker)
    {
        if (level == Level.ERROR && marker != null && marker.contains(CRITICAL))
        {
            return "CRITICAL";
        }
        return level == Level.WARN ? "WARNING" : level.name();
    }
}

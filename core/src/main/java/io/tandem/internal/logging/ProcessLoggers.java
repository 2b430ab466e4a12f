package io.tandem.internal.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Names loggers the tutorial's way: {@code <SimpleClassName>.<process-name>}, e.g. {@code MyProcess.my-process},
 * the same in the frontend and the backend, so one log configuration line covers both sides of a process.
 */
public final class ProcessLoggers
{
    /**
     * Python's {@code CRITICAL} level, which slf4j lacks: an error logged with this marker prints as
     * {@code CRITICAL}, e.g. {@code logger.error(ProcessLoggers.CRITICAL, "starting as thread")} prints
     * {@code Manager - CRITICAL - starting as thread} with {@code tandem-logging} (other slf4j bindings print it as an
     * error). Any marker
     * named {@code CRITICAL} does the same, so code outside Tandem needs only slf4j's {@code MarkerFactory}.
     */
    public static final Marker CRITICAL = MarkerFactory.getMarker("CRITICAL");

    private ProcessLoggers()
    {
    }

    /** @return the logger of process {@code processName} of class {@code processClass}. */
    public static Logger of(final Class<?> processClass, final String processName)
    {
        return LoggerFactory.getLogger(name(processClass, processName));
    }

    /** @return {@code <SimpleClassName>.<processName>}. */
    public static String name(final Class<?> processClass, final String processName)
    {
        return processClass.getSimpleName() + "." + processName;
    }
}

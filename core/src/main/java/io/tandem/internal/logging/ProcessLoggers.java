package io.tandem.internal.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names loggers the tutorial's way: {@code <SimpleClassName>.<process-name>}, e.g. {@code MyProcess.my-process},
 * the same in the frontend and the backend, so one log configuration line covers both sides of a process.
 */
public final class ProcessLoggers
{
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

package io.tandem.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An slf4j binding that prints the tutorial's format on stderr, {@code MyProcess.my-process - INFO - message}
 * (warnings as {@code WARNING}, errors marked with a marker named {@code CRITICAL} as {@code CRITICAL}, as
 * Python's logging prints them).
 *
 * <p>Putting {@code tandem-logging} on the class path is all it takes: it registers itself with slf4j's
 * {@link java.util.ServiceLoader}. It is the only slf4j binding that should be there; with another one beside it,
 * choose with {@code -Dslf4j.provider=io.tandem.logging.TutorialLogProvider}. Levels are configured as for
 * slf4j-simple, with the same names, in system properties or a {@code simplelogger.properties} on the class path:
 *
 * <pre>
 * -Dorg.slf4j.simpleLogger.defaultLogLevel=info         # the default
 * -Dorg.slf4j.simpleLogger.log.MyProcess=debug          # every MyProcess.* logger
 * -Dorg.slf4j.simpleLogger.log.net.openhft=warn         # Chronicle's chatter
 * </pre>
 *
 * Backends started by Tandem inherit these properties and the class path, so one line configures both sides.
 */
public final class TutorialLogProvider implements SLF4JServiceProvider
{
    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory()
    {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory()
    {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter()
    {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion()
    {
        return "2.0.99";
    }

    @Override
    public void initialize()
    {
        final LogLevels levels = LogLevels.load();
        loggerFactory = new Factory(levels);
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
    }

    private static final class Factory implements ILoggerFactory
    {
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        private final LogLevels levels;

        Factory(final LogLevels levels)
        {
            this.levels = levels;
        }

        @Override
        public Logger getLogger(final String name)
        {
            return loggers.computeIfAbsent(name, n -> new TutorialLogger(n, levels.levelOf(n)));
        }
    }
}

package io.tandem.internal.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.simple.SimpleLoggerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An slf4j provider that prints the tutorial's format, {@code MyProcess.my-process - INFO - message}, on
 * stderr, built on slf4j-simple (levels are configured exactly as for slf4j-simple: simplelogger.properties
 * or {@code -Dorg.slf4j.simpleLogger.log.<name>=debug}). Select it with
 * {@code -Dslf4j.provider=io.tandem.internal.logging.TutorialLogProvider}; Tandem's examples, tests and benchmarks
 * do, and backends inherit the choice. A program embedding Tandem keeps whatever slf4j binding it has.
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
        new SimpleLoggerFactory(); // reads slf4j-simple's configuration, which TutorialLogger's levels use
        loggerFactory = new Factory();
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
    }

    private static final class Factory implements ILoggerFactory
    {
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(final String name)
        {
            return loggers.computeIfAbsent(name, TutorialLogger::new);
        }
    }
}

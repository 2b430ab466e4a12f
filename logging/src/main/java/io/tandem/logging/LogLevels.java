package io.tandem.logging;

import org.slf4j.event.Level;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * The level of each logger, configured with slf4j-simple's names so a configuration written for slf4j-simple
 * works unchanged: {@code org.slf4j.simpleLogger.log.<name prefix>} for a logger and the loggers below it
 * (dot-separated), else {@code org.slf4j.simpleLogger.defaultLogLevel}, else {@code info}; a system property wins
 * over {@code simplelogger.properties} on the class path. Values: trace, debug, info, warn, error, off.
 */
final class LogLevels
{
    static final String PREFIX = "org.slf4j.simpleLogger.";
    static final String LOG_PREFIX = PREFIX + "log.";
    static final String DEFAULT_LEVEL = PREFIX + "defaultLogLevel";
    /** Above ERROR: nothing prints. */
    static final int OFF = Level.ERROR.toInt() + 10;

    private final Properties file;

    private LogLevels(final Properties file)
    {
        this.file = file;
    }

    /** @return the levels of this JVM's system properties and class path's {@code simplelogger.properties}. */
    static LogLevels load()
    {
        final Properties file = new Properties();
        final ClassLoader loader = Thread.currentThread().getContextClassLoader() != null ?
            Thread.currentThread().getContextClassLoader() : LogLevels.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream("simplelogger.properties"))
        {
            if (in != null)
            {
                file.load(in);
            }
        }
        catch (final IOException ignored)
        {
            // as slf4j-simple: an unreadable file configures nothing
        }
        return new LogLevels(file);
    }

    /**
     * Read when the logger is made, as slf4j-simple does: a property set later changes loggers made later.
     *
     * @return the threshold of logger {@code name}, an int of {@link Level} or {@link #OFF}.
     */
    int levelOf(final String name)
    {
        String prefix = name;
        while (true)
        {
            final String value = property(LOG_PREFIX + prefix);
            if (value != null)
            {
                return parse(value);
            }
            final int dot = prefix.lastIndexOf('.');
            if (dot < 0)
            {
                break;
            }
            prefix = prefix.substring(0, dot);
        }
        final String fallback = property(DEFAULT_LEVEL);
        return fallback == null ? Level.INFO.toInt() : parse(fallback);
    }

    private String property(final String key)
    {
        final String value = System.getProperty(key);
        return value != null ? value : file.getProperty(key);
    }

    private static int parse(final String value)
    {
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "trace":
                return Level.TRACE.toInt();
            case "debug":
                return Level.DEBUG.toInt();
            case "warn":
                return Level.WARN.toInt();
            case "error":
                return Level.ERROR.toInt();
            case "off":
                return OFF;
            default:
                return Level.INFO.toInt();
        }
    }
}

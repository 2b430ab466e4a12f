package io.tandem.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tutorial's format, and levels read as slf4j-simple reads them. */
class TutorialLoggerTest
{
    @AfterEach
    void clearProperties()
    {
        System.clearProperty("org.slf4j.simpleLogger.log.Levels");
        System.clearProperty("org.slf4j.simpleLogger.log.Levels.quiet");
    }

    @Test
    void isTheBindingSlf4jFindsOnTheClassPath()
    {
        assertInstanceOf(TutorialLogger.class, LoggerFactory.getLogger("Any.name"));
    }

    @Test
    void linesReadLikeTheTutorials()
    {
        final Logger log = LoggerFactory.getLogger("MyProcess.my-process");
        final String text = captureErr(() ->
        {
            log.info("c__ping: got parameter {} - will do some", "gotcha!");
            log.warn("careful");
            log.error(MarkerFactory.getMarker("CRITICAL"), "starting as thread");
            log.debug("not shown at the default level");
        });
        assertEquals("MyProcess.my-process - INFO - c__ping: got parameter gotcha! - will do some\n" +
            "MyProcess.my-process - WARNING - careful\n" +
            "MyProcess.my-process - CRITICAL - starting as thread\n", text);
    }

    @Test
    void theLongestConfiguredPrefixOfTheNameSetsTheLevel()
    {
        System.setProperty("org.slf4j.simpleLogger.log.Levels", "debug");
        System.setProperty("org.slf4j.simpleLogger.log.Levels.quiet", "off");
        final LogLevels levels = LogLevels.load();
        assertEquals(Level.DEBUG.toInt(), levels.levelOf("Levels.worker-1"));
        assertEquals(LogLevels.OFF, levels.levelOf("Levels.quiet"));
        assertEquals(Level.INFO.toInt(), levels.levelOf("Other.worker-1"));
        // simplelogger.properties on the test class path: net.openhft at warn
        assertEquals(Level.WARN.toInt(), levels.levelOf("net.openhft.chronicle.queue.Something"));
        final TutorialLogger logger = new TutorialLogger("Levels.worker-1", levels.levelOf("Levels.worker-1"));
        assertTrue(logger.isDebugEnabled());
        assertEquals("Levels.worker-1 - DEBUG - seen\n", captureErr(() -> logger.debug("seen")));
    }

    private static String captureErr(final Runnable action)
    {
        final PrintStream saved = System.err;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            action.run();
        }
        finally
        {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}

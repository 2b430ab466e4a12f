package io.tandem.internal.logging;

import io.tandem.test.Output;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tutorial's log format: {@code ClassName.process-name - LEVEL - message}. */
class TutorialLogFormatTest
{
    @Test
    void linesReadLikeTheTutorials()
    {
        try (Output output = Output.capture())
        {
            final Logger log = LoggerFactory.getLogger(ProcessLoggers.name(TutorialLogFormatTest.class, "my-process"));
            log.info("ping: callin backend to do some stuff {}", 42);
            log.warn("careful");
            log.error("broken", new IllegalStateException("why"));
            log.error(ProcessLoggers.CRITICAL, "starting as thread");
            final String text = output.text();
            assertTrue(text.contains("TutorialLogFormatTest.my-process - INFO - ping: callin backend to do some stuff 42\n"), text);
            assertTrue(text.contains("TutorialLogFormatTest.my-process - WARNING - careful\n"), text);
            assertTrue(text.contains("TutorialLogFormatTest.my-process - ERROR - broken\njava.lang.IllegalStateException: why"), text);
            assertTrue(text.contains("TutorialLogFormatTest.my-process - CRITICAL - starting as thread\n"), text); // Python's level
        }
    }
}

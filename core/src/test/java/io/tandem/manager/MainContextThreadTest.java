package io.tandem.manager;

import io.tandem.test.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MainContext#runAsThread()} and {@link MainContext#stopThread()} log what the seed's do, in its order,
 * and a stop that came from stopThread is not mistaken for Ctrl-C; {@link MainContext#logger()} is the class's.
 */
@Timeout(60)
class MainContextThreadTest
{
    /** No workers: the loop alone, polling until woken, remembering whether a signal woke it. */
    static final class QuietManager extends MainContext
    {
        volatile Boolean wokenBySignal;

        @Override
        protected void startProcesses()
        {
        }

        @Override
        public void run()
        {
            while (true)
            {
                if (poll(Duration.ofSeconds(10)).isWoken())
                {
                    wokenBySignal = isStopSignalled();
                    logger().debug("loop ends");
                    return;
                }
            }
        }
    }

    @Test
    void theThreadModeLogsItsStartAndStopAndIsNotASignal() throws Exception
    {
        final QuietManager manager = new QuietManager();
        final String text;
        try (Output output = Output.capture())
        {
            manager.runAsThread();
            manager.stopThread();
            text = output.text();
        }
        final String start = "QuietManager - CRITICAL - starting as thread\n";
        final String request = "QuietManager - CRITICAL - requesting thread stop\n";
        final String stopped = "QuietManager - CRITICAL - thread stopped\n";
        assertTrue(text.contains(start) && text.indexOf(start) < text.indexOf(request) &&
            text.indexOf(request) < text.indexOf(stopped), text);
        assertEquals(Boolean.FALSE, manager.wokenBySignal, "stopThread woke the loop, not Ctrl-C");
        assertFalse(manager.isStopSignalled());
        assertTrue(manager.isStopRequested());
        assertEquals("QuietManager", manager.logger().getName());
    }
}

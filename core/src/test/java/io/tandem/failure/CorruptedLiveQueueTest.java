package io.tandem.failure;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.test.NoLeftovers;
import io.tandem.idle.WaitMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.tandem.failure.CorruptedFilesTest.garbage;
import static io.tandem.failure.CorruptedFilesTest.overwrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage written over the cycle file (.cq4) of a live process's command and reply queues, where documents not
 * yet read lie: the JVM that reads it fails in a way its user sees as a clear exception within a bound (the
 * backend exits with {@link ExitCodes#QUEUE_CORRUPTED}, which a waiting call reports as BackendDiedException),
 * never a crash and never a backend spinning for ever; a restart serves again.
 */
@Timeout(120)
@ExtendWith(NoLeftovers.class)
class CorruptedLiveQueueTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The backend's stall limit (5 s), plus 5 s for a loaded 2-core machine. */
    private static final long DETECT_BOUND_MS = 10_000;

    /**
     * In every wait mode: a loop that backs off parks up to 20 ms a pass, and must still look at its counters often
     * enough to call the stall within the bound.
     */
    @ParameterizedTest
    @EnumSource(WaitMode.class)
    void garbageOverUnreadCommandsEndsTheBackendWithAClearExitAndARestartServesAgain(final WaitMode mode) throws Exception
    {
        try (FaultyProcess p = new FaultyProcess("corrupted-commands", ProcessOptions.builder().waitMode(mode).build()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class, WAIT);
            commands.echo("warm");
            assertEquals("warm", p.receive(WAIT).get("text"));

            // unread commands lie in the file while the backend is busy; garbage goes over the second one on
            final CompletableFuture<Long> busy = CompletableFuture.supplyAsync(() -> commands.sleepThenReturn(1500));
            Thread.sleep(300);
            for (int i = 0; i < 5; i++)
            {
                commands.echo("MARKER-" + i + "-" + "x".repeat(40));
            }
            final Path file = cycleFile(p.name(), "cmd");
            overwrite(file, markerOffset(file, "MARKER-1") - 24, garbage(200));
            final long corrupted = System.nanoTime();
            assertEquals(1500L, busy.get());

            BackendDiedException died = null;
            while (died == null)
            {
                try
                {
                    p.receive(WAIT); // a reply from before the garbage, or an error reply for what it could parse
                }
                catch (final CommandFailedException errorReply)
                {
                    assertEquals("corrupted-commands", errorReply.processName());
                }
                catch (final BackendDiedException e)
                {
                    died = e;
                }
            }
            final long detectedMs = (System.nanoTime() - corrupted) / 1_000_000;
            assertEquals(ExitCodes.QUEUE_CORRUPTED, died.exitCode(), died.getMessage());
            assertTrue(died.getMessage().contains("'corrupted-commands'") && died.getMessage().contains("corrupted"),
                died.getMessage());
            assertTrue(detectedMs < DETECT_BOUND_MS, "detected after " + detectedMs + " ms");
            assertThrows(BackendDiedException.class, () -> commands.next(1), "a call to it fails at once");

            p.restart();
            p.awaitStarted(WAIT);
            assertEquals(7L, commands.next(7), "a restarted backend serves again");
        }
    }

    @Test
    void garbageOverUnreadRepliesIsAClearExceptionInTheFrontendWithinItsTimeout() throws Exception
    {
        try (FaultyProcess p = new FaultyProcess("corrupted-replies", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class, WAIT);
            for (int i = 0; i < 5; i++)
            {
                commands.echo("MARKER-" + i + "-" + "y".repeat(40));
            }
            assertEquals(5L, commands.next(5)); // after the five replies: they are all written
            final Path file = cycleFile(p.name(), "reply");
            overwrite(file, markerOffset(file, "MARKER-1") - 24, garbage(200));

            final Duration timeout = Duration.ofSeconds(3);
            int outcomes = 0;
            for (int i = 0; i < 5; i++)
            {
                final long start = System.nanoTime();
                try
                {
                    final MessageObject m = p.receive(timeout);
                    assertTrue(String.valueOf(m.get("text")).startsWith("MARKER-"), "never a wrong message: " + m);
                }
                catch (final TandemException clear)
                {
                    assertTrue(clear.getMessage().contains("'corrupted-replies'"), clear.getMessage());
                }
                final long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs < timeout.toMillis() + 1_500, "receive took " + tookMs + " ms");
                outcomes++;
            }
            assertEquals(5, outcomes);
            assertEquals(9L, commands.next(9), "the process still answers calls");
        }
    }

    private static Path cycleFile(final String process, final String queue) throws IOException
    {
        try (Stream<Path> files = Files.list(NoLeftovers.sessionDir().resolve(process).resolve(queue)))
        {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static long markerOffset(final Path file, final String marker) throws IOException
    {
        final String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        final int at = text.indexOf(marker);
        assertTrue(at > 24, marker + " found in " + file);
        return at;
    }
}

package io.tandem.failure;

import io.tandem.ProcessOptions;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend frozen by SIGSTOP (a debugger, a stalled machine, chaos): calls to it time out with
 * ReplyTimeoutException naming the process; after SIGCONT the late answers of calls that timed out are dropped,
 * never handed to a later call, and it serves again. A frozen backend does not hold up close().
 */
@Timeout(90)
@ExtendWith(NoLeftovers.class)
class StoppedBackendTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    /** A timeout fires late by at most a scheduling delay; 1.5 s of margin holds on 2 loaded cores. */
    private static final long LATE_MARGIN_MS = 1_500;

    @Test
    void callsToAStoppedBackendTimeOutAndAfterSigcontLateAnswersNeverReachALaterCall() throws Exception
    {
        try (FaultyProcess p = new FaultyProcess("frozen", ProcessOptions.defaults()))
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class, CALL_TIMEOUT);
            assertEquals(1L, commands.next(1));

            signal("STOP", p.pid());
            awaitEveryThreadStopped(p.pid());
            for (long x = 100; x < 103; x++)
            {
                final long call = x;
                final long start = System.nanoTime();
                final ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class, () -> commands.next(call));
                final long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs < CALL_TIMEOUT.toMillis() + LATE_MARGIN_MS, "timed out after " + tookMs + " ms");
                assertTrue(e.getMessage().contains("'frozen'"), e.getMessage());
            }
            assertTrue(p.isAlive(), "stopped, not dead");

            signal("CONT", p.pid());
            // the three late answers (100..102) arrive first; each call must get its own
            for (long x = 200; x < 260; x++)
            {
                assertEquals(x, p.backend(FaultyCommands.class, WAIT).next(x), "a late answer reached a later call");
            }
            assertEquals(null, p.tryReceive(), "late results are not replies either");
        }
    }

    @Test
    void closeEndsAStoppedBackendWithinABound() throws Exception
    {
        final FaultyProcess p = new FaultyProcess("frozen-at-close",
            ProcessOptions.builder().stopTimeout(Duration.ofSeconds(1)).build());
        try
        {
            p.start();
            p.awaitStarted(WAIT);
            final long pid = p.pid();
            signal("STOP", pid);
            awaitEveryThreadStopped(pid);
            final long start = System.nanoTime();
            p.close();
            final long closeMs = (System.nanoTime() - start) / 1_000_000;
            // the stop timeout, then SIGTERM (held while stopped) with a second, then SIGKILL; 3 s of margin
            assertTrue(closeMs < 1_000 + 1_000 + 3_000, "close took " + closeMs + " ms");
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        finally
        {
            p.close();
        }
    }

    /**
     * SIGSTOP is delivered to one thread, which then stops the others: until it is scheduled (milliseconds on two
     * busy cores), the command loop still runs and would answer the first call. Waits for every thread to show 'T'.
     */
    private static void awaitEveryThreadStopped(final long pid) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!everyThreadStopped(pid))
        {
            assertTrue(System.nanoTime() < deadline, "process " + pid + " not stopped within " + WAIT);
            Thread.sleep(1);
        }
    }

    private static boolean everyThreadStopped(final long pid) throws IOException
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task")))
        {
            return tasks.allMatch(task ->
            {
                try
                {
                    final String stat = Files.readString(task.resolve("stat"));
                    final char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't';
                }
                catch (final IOException ex)
                {
                    return true; // a thread that ended while listed is not running either
                }
            });
        }
    }

    private static void signal(final String name, final long pid) throws IOException, InterruptedException
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor());
    }
}

package io.tandem.failure;

import io.tandem.ProcessOptions;
import io.tandem.test.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend that hangs: a command whose two threads deadlock, and a {@code preRun} that never returns. Calls and
 * {@code awaitStarted} fail with {@link ReplyTimeoutException} naming the process at their timeout; {@code close()}
 * still ends the backend (asked to stop, then destroyed past the stop timeout) within a bound, and leaves no JVM
 * and no file behind (checked by {@link NoLeftovers}).
 */
@Timeout(90)
@ExtendWith(NoLeftovers.class)
class HungBackendTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);
    /** A timeout fires late by at most a scheduling delay; 1.5 s of margin holds on 2 loaded cores. */
    private static final long LATE_MARGIN_MS = 1_500;
    /**
     * close() of a hung backend: the stop timeout, then SIGTERM with a second to exit, then SIGKILL and the reaper;
     * with a margin for 2 loaded cores.
     */
    private static final long CLOSE_BOUND_MS = STOP_TIMEOUT.toMillis() + 1_000 + 3_000;

    @TempDir
    Path temp;

    @Test
    void aDeadlockedCommandTimesOutItsCallsAndCloseStillEndsTheBackend() throws IOException
    {
        final ProcessOptions options = ProcessOptions.builder().stopTimeout(STOP_TIMEOUT).build();
        final FaultyProcess p = new FaultyProcess("deadlocked", options, temp.resolve("journal"), false);
        try
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class, CALL_TIMEOUT);
            assertTrue(commands.next(1) == 1);

            long start = System.nanoTime();
            ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class, commands::deadlock);
            assertTimely(start, CALL_TIMEOUT, e, "deadlocked");

            start = System.nanoTime();
            e = assertThrows(ReplyTimeoutException.class, () -> commands.next(2), "queued behind the deadlock");
            assertTimely(start, CALL_TIMEOUT, e, "deadlocked");
            assertTrue(p.isAlive());
            final long pid = p.pid();

            start = System.nanoTime();
            p.close();
            final long closeMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closeMs < CLOSE_BOUND_MS, "close took " + closeMs + " ms, bound " + CLOSE_BOUND_MS);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the backend JVM is gone");
            assertFalse(p.isAlive());
            assertTrue(Files.readString(temp.resolve("journal")).startsWith("preRun"), Files.readString(temp.resolve("journal")));
        }
        finally
        {
            p.close();
        }
    }

    @Test
    void awaitStartedOnAHungPreRunTimesOutNamingTheProcessAndCloseCleansUp()
    {
        final ProcessOptions options = ProcessOptions.builder().stopTimeout(STOP_TIMEOUT).build();
        final FaultyProcess p = new FaultyProcess("hung-prerun", options, temp.resolve("journal"), true);
        try
        {
            p.start();
            final Duration timeout = Duration.ofSeconds(3); // a JVM that loads Chronicle starts in 1 to 2 s here
            final long start = System.nanoTime();
            final ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class, () -> p.awaitStarted(timeout));
            assertTimely(start, timeout, e, "hung-prerun");
            assertTrue(e.getMessage().contains("preRun"), "says what it waited for: " + e.getMessage());
            assertTrue(p.isAlive(), "still hanging in preRun");
            final long pid = p.pid();

            final long closeStart = System.nanoTime();
            p.close();
            final long closeMs = (System.nanoTime() - closeStart) / 1_000_000;
            assertTrue(closeMs < CLOSE_BOUND_MS, "close took " + closeMs + " ms, bound " + CLOSE_BOUND_MS);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the backend JVM is gone");
        }
        finally
        {
            p.close();
        }
    }

    @Test
    void anInJvmBackendStuckInACommandTimesOutItsCallsAndCloseRemovesItsFilesLeavingOnlyTheThread() throws Exception
    {
        final ProcessOptions options = ProcessOptions.builder().inJvm().stopTimeout(STOP_TIMEOUT).build();
        final FaultyProcess p = new FaultyProcess("stuck-in-jvm", options);
        Thread stuck = null;
        try
        {
            p.start();
            p.awaitStarted(WAIT);
            final FaultyCommands commands = p.backend(FaultyCommands.class, CALL_TIMEOUT);
            final long start = System.nanoTime();
            final ReplyTimeoutException e = assertThrows(ReplyTimeoutException.class, commands::spinUntilReleased);
            assertTimely(start, CALL_TIMEOUT, e, "stuck-in-jvm");
            stuck = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tandem-backend-stuck-in-jvm")).findFirst().orElseThrow();

            final long closeStart = System.nanoTime();
            p.close();
            final long closeMs = (System.nanoTime() - closeStart) / 1_000_000;
            // README: the stop timeout plus about 6 s (a second after asking it to stop, five after interrupting it)
            assertTrue(closeMs < STOP_TIMEOUT.toMillis() + 6_000 + 3_000, "close took " + closeMs + " ms");
            assertFalse(Files.exists(NoLeftovers.sessionDir().resolve("stuck-in-jvm")), "its files are removed");
            assertTrue(stuck.isAlive(), "a JVM cannot kill a thread: it is still stuck");
        }
        finally
        {
            FaultyProcess.releaseSpinners(); // let the thread end, so nothing of this test stays in the JVM
            if (stuck != null)
            {
                stuck.join(WAIT.toMillis());
                assertFalse(stuck.isAlive(), "the released backend thread ended");
            }
            p.close();
        }
    }

    private static void assertTimely(final long startNanos, final Duration timeout, final ReplyTimeoutException e,
        final String process)
    {
        final long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(tookMs >= timeout.toMillis() - 50 && tookMs < timeout.toMillis() + LATE_MARGIN_MS,
            "timed out after " + tookMs + " ms for a timeout of " + timeout.toMillis() + " ms");
        assertTrue(e.getMessage().contains("'" + process + "'"), "names the process: " + e.getMessage());
    }
}

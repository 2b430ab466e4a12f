package io.tandem.internal.sharedfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Optional;

/**
 * Is the process that wrote a pid and a start time into shared memory still running? A pid alone is not enough:
 * Linux reuses pids, so the start time recorded next to it must match too.
 *
 * <p>Each check reads {@code /proc} (a few microseconds): call it on slow paths only. A pid that this process
 * cannot see (another pid namespace) counts as gone.
 */
public final class ProcessLiveness
{
    /**
     * Start times match within this: the JDK derives them from boot time plus clock ticks, and the boot time
     * it reads can move by a second when the wall clock is adjusted.
     */
    public static final long START_TIME_TOLERANCE_MS = 1_000;

    private static final long CURRENT_PID = ProcessHandle.current().pid();
    private static final long CURRENT_START_MS = startTimeMs(ProcessHandle.current());

    private ProcessLiveness()
    {
    }

    /** @return this process's pid. */
    public static long currentPid()
    {
        return CURRENT_PID;
    }

    /** @return this process's start time, ms since the epoch, or 0 if the OS does not say. */
    public static long currentStartTimeMs()
    {
        return CURRENT_START_MS;
    }

    /**
     * @param pid         a pid read from shared memory.
     * @param startTimeMs the start time recorded with it, ms since the epoch; 0 to check the pid only.
     * @return true if that process is running (and is not a zombie).
     */
    public static boolean isAlive(final long pid, final long startTimeMs)
    {
        if (pid <= 0)
        {
            return false;
        }
        if (pid == CURRENT_PID)
        {
            return sameStart(CURRENT_START_MS, startTimeMs);
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || isZombie(pid))
        {
            return false;
        }
        return startTimeMs == 0 || sameStart(startTimeMs(handle.get()), startTimeMs);
    }

    /**
     * The JDK counts a zombie (exited, not yet reaped by its parent) as alive; {@code /proc/<pid>/stat} tells: its
     * state is {@code Z} (or {@code X}).
     */
    static boolean isZombie(final long pid)
    {
        final char state = state(pid);
        return state == 'Z' || state == 'X';
    }

    /** @return true if the process is stopped by a signal (SIGSTOP) or a tracer: its state is {@code T} or {@code t}. */
    public static boolean isStopped(final long pid)
    {
        final char state = state(pid);
        return state == 'T' || state == 't';
    }

    /**
     * @return the process's state letter from {@code /proc/<pid>/stat} (the field after the parenthesised command
     * name), or 0 when there is none to read: no /proc (not Linux), or the process just went.
     */
    private static char state(final long pid)
    {
        final Path stat = Paths.get("/proc", Long.toString(pid), "stat");
        try
        {
            final String text = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
            final int close = text.lastIndexOf(')');
            return close < 0 || close + 2 >= text.length() ? 0 : text.charAt(close + 2);
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }

    private static boolean sameStart(final long actualMs, final long recordedMs)
    {
        return actualMs == 0 || recordedMs == 0 || Math.abs(actualMs - recordedMs) <= START_TIME_TOLERANCE_MS;
    }

    private static long startTimeMs(final ProcessHandle handle)
    {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}

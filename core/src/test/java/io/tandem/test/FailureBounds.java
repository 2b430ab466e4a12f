package io.tandem.test;

/**
 * The time bounds the README's failure table states ("What happens when things fail"), and the one margin a
 * loaded 2-core machine may add to them. A test asserts {@code bound + LOADED_MARGIN_MS}, measured from the
 * fault (the kill), never a looser number of its own.
 */
public final class FailureBounds
{
    /** "each backend sees its stdin close and exits within a second" of its frontend's death. */
    public static final long TETHER_EXIT_MS = 1_000;

    /**
     * "a waiting receive fails within milliseconds with BackendDiedException": the JDK's process reaper sees the
     * child's exit at once (waitpid) and the frontend rings the waiter's doorbell; read as "under 100 ms".
     * "A send or call to a backend known dead fails at once" is held to the same bound.
     */
    public static final long DEATH_NOTICE_MS = 100;

    /**
     * "a managed worker that dies is relaunched within a second" under its {@code RestartPolicy}: the manager hears
     * the exit on its poller (no polling period) and starts the new backend; measured from the kill to the new pid.
     */
    public static final long RELAUNCH_MS = 1_000;

    /**
     * "a command queue file damaged while in use": the next send or call fails at once (the writer compares its
     * file's header with what it was before each message), and so does every one after it; read as "under 100 ms".
     */
    public static final long QUEUE_DAMAGE_NOTICE_MS = 100;

    /**
     * "opening or attaching a corrupted or truncated process table, registry, event group, shared array or ring file
     * fails within a second": the longest wait is a header a creator may still be writing (1 s attach timeouts).
     */
    public static final long CORRUPT_FILE_REFUSED_MS = 1_000;

    /**
     * Room for scheduling on 2 cores shared with other builds: dying and starting JVMs, the process reaper and
     * the waiter each waiting for a core, a GC pause. Added to a bound, never in place of one.
     */
    public static final long LOADED_MARGIN_MS = 500;

    private FailureBounds()
    {
    }
}

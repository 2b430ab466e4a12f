package io.tandem.internal.launch;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The frontend's handle on a running backend, a child JVM or a thread: is it alive, how did it end, end it.
 */
public interface BackendHandle
{
    /** @return the backend's process id (this JVM's pid for an in-JVM backend). */
    long pid();

    /** @return true until the backend has exited. */
    boolean isAlive();

    /** @return the exit code once the backend has exited, empty before. */
    OptionalInt exitCode();

    /**
     * Waits for the backend to exit.
     *
     * @return true if it exited within {@code timeout}.
     */
    boolean awaitExit(Duration timeout) throws InterruptedException;

    /** Asks the operating system to end the backend (SIGTERM; interrupt for a thread). */
    void destroy();

    /** Ends the backend at once (SIGKILL; for a thread, the same as {@link #destroy()}). */
    void destroyForcibly();

    /** Runs {@code action} once, on some thread, as soon as the backend has exited (at once if it has). */
    void onExit(Runnable action);

    /**
     * @return true if {@link #pid()} is a process of this machine (or this JVM); false for a backend on another host,
     * whose pid must never reach a local tool that signals or judges local pids (the process table's pid field).
     */
    default boolean isLocal()
    {
        return true;
    }

    /**
     * @return where the backend runs, for failure messages, e.g. {@code "node 10.0.0.7:40123 (lost: no heartbeat for
     * 3000 ms)"}; null for a backend of this machine.
     */
    default String location()
    {
        return null;
    }
}

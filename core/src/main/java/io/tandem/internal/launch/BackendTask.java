package io.tandem.internal.launch;

/**
 * A backend runtime as the launcher runs it on a thread (in-JVM mode) or the backend JVM's main drives it: run to
 * the end, be asked to stop. The runtime itself lives with the process machinery, above this package.
 */
public interface BackendTask
{
    /** @return the exit code, once the backend has finished (see {@code ExitCodes}). */
    int run();

    /** Asks the backend to finish the command in hand, run postRun and exit. Any thread. */
    void requestStop();

    /** The frontend is gone: replies fail at once from now on. Call before {@link #requestStop()}. */
    void frontendGone();

    /** @return true once {@link #run()} has returned. */
    boolean isFinished();
}

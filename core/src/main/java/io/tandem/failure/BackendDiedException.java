package io.tandem.failure;

/**
 * The backend of a process exited (crashed, was killed, ran out of memory, or stopped) while the frontend
 * was waiting on it. Names the process and its exit code.
 */
public final class BackendDiedException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final String processName;
    private final int exitCode;

    public BackendDiedException(final String processName, final int exitCode, final String waitingFor)
    {
        this(processName, exitCode, waitingFor, null);
    }

    /**
     * @param location where the backend ran when not on this machine, e.g. {@code "node 10.0.0.7:40123 (lost: no
     *                 heartbeat for 3000 ms)"}; null for a local backend.
     */
    public BackendDiedException(final String processName, final int exitCode, final String waitingFor, final String location)
    {
        super("backend of process '" + processName + "'" + (location == null ? "" : " on " + location) +
            " exited with code " + exitCode + " (" + ExitCodes.describe(exitCode) + ") while " + waitingFor);
        this.processName = processName;
        this.exitCode = exitCode;
    }

    public String processName()
    {
        return processName;
    }

    /** @return the backend's exit code; see {@link ExitCodes}. */
    public int exitCode()
    {
        return exitCode;
    }
}

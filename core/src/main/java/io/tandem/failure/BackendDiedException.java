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
        super("backend of process '" + processName + "' exited with code " + exitCode + " (" +
            ExitCodes.describe(exitCode) + ") while " + waitingFor);
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

package io.tandem;

import io.tandem.failure.ExitCodes;

/** A backend that exited: which process, with what code, and whether its frontend had asked it to stop. */
public final class ProcessExit
{
    private final MessageProcess process;
    private final int exitCode;
    private final boolean requested;

    ProcessExit(final MessageProcess process, final int exitCode, final boolean requested)
    {
        this.process = process;
        this.exitCode = exitCode;
        this.requested = requested;
    }

    public MessageProcess process()
    {
        return process;
    }

    public int exitCode()
    {
        return exitCode;
    }

    /** @return true if the frontend had asked the backend to stop (an expected exit). */
    public boolean isRequested()
    {
        return requested;
    }

    @Override
    public String toString()
    {
        return process + " exited with code " + exitCode + " (" + ExitCodes.describe(exitCode) + ")" +
            (requested ? "" : ", unexpectedly");
    }
}

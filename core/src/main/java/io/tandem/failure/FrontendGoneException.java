package io.tandem.failure;

/**
 * Thrown in a backend that sends a reply after its frontend went away (exited, was killed, or closed the
 * process): nobody would read it. The backend is stopping; a handler that loops sending should return.
 */
public final class FrontendGoneException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final String processName;

    public FrontendGoneException(final String processName, final String doing)
    {
        super("process '" + processName + "': its frontend is gone, " + doing + " is not sent; the backend is stopping");
        this.processName = processName;
    }

    public String processName()
    {
        return processName;
    }
}

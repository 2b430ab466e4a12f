package io.tandem.failure;

/**
 * Stands in the frontend for an exception thrown in a backend: same type name, message and stack trace,
 * without needing the exception class (or its fields) to be serialisable.
 */
public final class RemoteException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final String remoteType;

    public RemoteException(final String remoteType, final String message, final StackTraceElement[] stackTrace,
        final RemoteException cause)
    {
        super(message, cause);
        this.remoteType = remoteType;
        setStackTrace(stackTrace);
    }

    /** @return the class name of the exception in the backend. */
    public String remoteType()
    {
        return remoteType;
    }

    @Override
    public String toString()
    {
        final String message = getMessage();
        return "[backend] " + remoteType + (message == null ? "" : ": " + message);
    }

    @Override
    public synchronized Throwable fillInStackTrace()
    {
        return this; // the trace is the backend's, set in the constructor
    }
}

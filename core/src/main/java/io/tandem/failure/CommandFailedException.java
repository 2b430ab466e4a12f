package io.tandem.failure;

/**
 * A command failed in the backend: its handler threw, it was unknown, or its arguments did not fit.
 * The backend logged it and went on serving; this exception carries its story to the frontend.
 *
 * <p>{@link #getCause()} is a {@link RemoteException} with the backend's exception type, message and
 * stack trace, so a printed stack trace shows where in the backend it went wrong.
 *
 * <pre>{@code
 * try {
 *     p.receive(Duration.ofSeconds(5));
 * } catch (CommandFailedException e) {
 *     log.warn("{} failed in {}: {}", e.command(), e.processName(), e.remoteMessage());
 * }
 * }</pre>
 */
public final class CommandFailedException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final String processName;
    private final String command;
    private final String remoteType;
    private final String remoteMessage;

    public CommandFailedException(final String processName, final String command, final String remoteType,
        final String remoteMessage, final RemoteException remote)
    {
        super("command '" + command + "' failed in process '" + processName + "': " + remoteType +
            (remoteMessage == null ? "" : ": " + remoteMessage), remote);
        this.processName = processName;
        this.command = command;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    public String processName()
    {
        return processName;
    }

    /** @return the command (method) name that failed. */
    public String command()
    {
        return command;
    }

    /** @return the class name of the backend's exception, e.g. {@code java.lang.IllegalStateException}. */
    public String remoteType()
    {
        return remoteType;
    }

    /** @return the backend exception's message, may be null. */
    public String remoteMessage()
    {
        return remoteMessage;
    }
}

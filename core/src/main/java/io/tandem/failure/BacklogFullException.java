package io.tandem.failure;

/**
 * A send waited for its send timeout and the queue's backlog (bytes written and not yet read) stayed at its
 * limit: the reading side is slower than the sending side, or stuck. Nothing of this message was written;
 * everything sent before it is still delivered, in order.
 *
 * <pre>{@code
 * try {
 *     worker.backend(Commands.class).process(block);
 * } catch (BacklogFullException e) {
 *     log.warn("{} is behind by {} bytes (limit {}): dropping this block", e.processName(), e.backlogBytes(), e.limitBytes());
 * }
 * }</pre>
 */
public final class BacklogFullException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final String processName;
    private final Direction direction;
    private final long backlogBytes;
    private final long limitBytes;

    /**
     * @param waitedMillis how long the sender waited for room (0: it was told to fail at once).
     */
    public BacklogFullException(final String processName, final Direction direction, final long backlogBytes,
        final long limitBytes, final long messageBytes, final long waitedMillis)
    {
        super("process '" + processName + "': " + direction.noun() + " backlog full: " + backlogBytes +
            " bytes written by the " + direction.writer() + " are not yet read by the " + direction.reader() +
            " (limit " + limitBytes + " bytes), no room for a message of " + messageBytes + " bytes" +
            (waitedMillis > 0 ? " after waiting " + waitedMillis + " ms" : "") + ". The " + direction.reader() +
            " reads more slowly than the " + direction.writer() + " writes: " + remedy(direction));
        this.processName = processName;
        this.direction = direction;
        this.backlogBytes = backlogBytes;
        this.limitBytes = limitBytes;
    }

    private static String remedy(final Direction direction)
    {
        return direction == Direction.COMMANDS ?
            "wait for the backend's answers before sending more (a call instead of a command paces the sender), raise " +
                "ProcessOptions.commandBacklog or sendTimeout, or pass bulk data through a SharedArray" :
            "receive or tryReceive the replies in the frontend, raise ProcessOptions.replyBacklog or sendTimeout, or pass " +
                "bulk data through a SharedArray";
    }

    public String processName()
    {
        return processName;
    }

    /** @return which queue is full. */
    public Direction direction()
    {
        return direction;
    }

    /** @return the backlog when the send gave up, in bytes. */
    public long backlogBytes()
    {
        return backlogBytes;
    }

    /** @return the backlog limit, in bytes. */
    public long limitBytes()
    {
        return limitBytes;
    }
}

package io.tandem.failure;

/**
 * A command, reply, call or result is larger than the largest message a queue takes (a quarter of the queue
 * block size less room kept for the queue's index, see {@code ProcessOptions.maxMessageBytes()}). Thrown in the
 * sender, at send time; nothing of it was written.
 */
public final class MessageTooLargeException extends TandemException
{
    private static final long serialVersionUID = 1L;

    private final String processName;
    private final Direction direction;
    private final long messageBytes;
    private final long limitBytes;

    public MessageTooLargeException(final String processName, final Direction direction, final long messageBytes,
        final long limitBytes, final long queueBlockSize, final long indexReserveBytes)
    {
        super("process '" + processName + "': a " + direction.noun() + " of " + messageBytes + " bytes is larger than " +
            "the largest message its queue takes, " + limitBytes + " bytes (a quarter of the queue block size, " +
            queueBlockSize + " bytes, less " + indexReserveBytes + " bytes kept for the queue's index). Pass bulk data through a SharedArray (and send its name), or " +
            "raise ProcessOptions.queueBlockSize (up to 1 GiB)");
        this.processName = processName;
        this.direction = direction;
        this.messageBytes = messageBytes;
        this.limitBytes = limitBytes;
    }

    public String processName()
    {
        return processName;
    }

    public Direction direction()
    {
        return direction;
    }

    /** @return the size of the message that was refused, in bytes. */
    public long messageBytes()
    {
        return messageBytes;
    }

    /** @return the largest message the queue takes, in bytes. */
    public long limitBytes()
    {
        return limitBytes;
    }
}

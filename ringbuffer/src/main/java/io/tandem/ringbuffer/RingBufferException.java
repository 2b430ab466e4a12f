package io.tandem.ringbuffer;

/**
 * A ring buffer operation failed; the message says which ring (its path) and what to do about it.
 * The subclasses name the cases a caller may want to handle apart.
 */
public class RingBufferException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public RingBufferException(final String message)
    {
        super(message);
    }

    public RingBufferException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}

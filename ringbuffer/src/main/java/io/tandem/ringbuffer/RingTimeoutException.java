package io.tandem.ringbuffer;

/**
 * The producer waited longer than its timeout for a free slot (BLOCK policy): some live consumer did not
 * release frames in time. The message names the slowest consumer, its lag and the age of its heartbeat.
 * Nothing was published; the producer may retry.
 */
public final class RingTimeoutException extends RingBufferException
{
    private static final long serialVersionUID = 1L;

    public RingTimeoutException(final String message)
    {
        super(message);
    }
}

package io.tandem.ringbuffer;

/**
 * This consumer's entry was taken from it: the producer (or a registering consumer) judged it dead because its
 * heartbeat was older than the ring's heartbeat timeout and its process looked gone. The consumer is closed;
 * register again to rejoin at the newest frame. Frames published meanwhile were not kept for it.
 */
public final class ConsumerEvictedException extends RingBufferException
{
    private static final long serialVersionUID = 1L;

    public ConsumerEvictedException(final String message)
    {
        super(message);
    }
}

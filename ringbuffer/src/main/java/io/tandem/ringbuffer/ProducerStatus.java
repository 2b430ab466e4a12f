package io.tandem.ringbuffer;

/**
 * Whether a ring has a producer, read from the file's producer owner and state
 * ({@link RingBuffer#producerStatus()}).
 */
public enum ProducerStatus
{
    /** No producer has attached yet: consumers that started first wait for one. */
    NONE,
    /** A producer is attached and its process is alive. */
    ACTIVE,
    /** The producer closed; frames already published can still be read. Abandoned until a new one attaches. */
    CLOSED,
    /** The producer's process is gone without closing (crash, kill -9). Abandoned until a new one attaches. */
    DEAD;

    /** @return true for {@link #CLOSED} and {@link #DEAD}: no frames will come until a producer attaches. */
    public boolean isAbandoned()
    {
        return this == CLOSED || this == DEAD;
    }
}

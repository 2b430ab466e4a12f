package io.tandem.ringbuffer;

/**
 * What the producer does when the slowest consumer is a whole ring behind: chosen when the ring is created
 * and stored in the file.
 *
 * <pre>{@code
 * RingBuffer.create(path).slotCount(8).slotSize(1920 * 1080 * 3).policy(RingPolicy.OVERWRITE).build();
 * }</pre>
 */
public enum RingPolicy
{
    /**
     * No loss: the producer never overwrites a slot an active consumer has not released; it waits (with its
     * wait strategy, up to its timeout). A consumer whose process died is evicted once its heartbeat is older
     * than the ring's heartbeat timeout, so the producer cannot be blocked forever by the dead.
     */
    BLOCK(RingBufferDescriptor.POLICY_BLOCK),
    /**
     * Real time: the producer never waits. A consumer that falls a ring behind finds its next slot overwritten,
     * counts the frames it lost and resumes at the newest one; a frame overwritten while it was being read is
     * detected and never handed out as data.
     */
    OVERWRITE(RingBufferDescriptor.POLICY_OVERWRITE);

    private final int code;

    RingPolicy(final int code)
    {
        this.code = code;
    }

    /** @return the code stored in the file ({@link RingBufferDescriptor#POLICY_OFFSET}). */
    public int code()
    {
        return code;
    }

    /** @return the policy of {@code code}, or null if there is none. */
    static RingPolicy ofCode(final int code)
    {
        for (final RingPolicy p : values())
        {
            if (p.code == code)
            {
                return p;
            }
        }
        return null;
    }
}

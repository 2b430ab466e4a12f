package io.tandem.memory;

/** Commands of {@link RingProcess}. */
public interface RingCommands
{
    /** Publishes frames {@code first .. first + count - 1}, each an 8-byte counter. */
    void produce(long first, int count);

    /** Replies what the backend's copy of the ring is: its path, whether it created it, its slot size. */
    void describe();
}

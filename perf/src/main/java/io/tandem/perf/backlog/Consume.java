package io.tandem.perf.backlog;

/** Commands of the backlog benchmark's slow consumer. */
public interface Consume
{
    /** Takes one block; costs the consumer a fixed time. */
    void take(long seq, byte[] block);

    /** @return blocks taken so far. */
    long taken();
}

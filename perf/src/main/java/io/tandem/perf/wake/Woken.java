package io.tandem.perf.wake;

/** Replies of the wake-up benchmark's backend. */
public interface Woken
{
    void pong(long value);
}

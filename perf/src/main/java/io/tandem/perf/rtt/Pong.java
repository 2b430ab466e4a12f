package io.tandem.perf.rtt;

/** The reply of the round-trip benchmarks: the same long back. */
public interface Pong
{
    void pong(long value);
}

package io.tandem.perf.rtt;

/** The command of the round-trip benchmarks: one long out. */
public interface Ping
{
    void ping(long value);
}

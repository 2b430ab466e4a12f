package io.tandem.perf.spawn;

/** The one message of the bare Chronicle baseline: sent to the peer, and answered with the same value. */
public interface Knock
{
    void knock(long value);
}

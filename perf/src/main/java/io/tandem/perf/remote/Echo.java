package io.tandem.perf.remote;

/** The command of the remote round trip: a call whose result is its argument, computed in the remote backend. */
public interface Echo
{
    /** @return {@code value}, from the backend. */
    long echo(long value);
}

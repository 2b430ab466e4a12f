package io.tandem.perf.sync;

/** Commands of the synchronisation benchmark. */
public interface SyncBench
{
    /** Sets the event the SyncIndex reserved. */
    void touch(int syncIndex);

    /** A call: returns its argument. */
    long echo(long value);
}

package io.tandem.perf.sync;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.sync.EventGroup;

/** The backend of the synchronisation benchmark. */
public final class SyncBenchProcess extends MessageProcess implements SyncBench
{
    final EventGroup eg = new EventGroup(4);

    public SyncBenchProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    public void touch(final int syncIndex)
    {
        eg.set(syncIndex);
    }

    @Override
    public long echo(final long value)
    {
        return value;
    }
}

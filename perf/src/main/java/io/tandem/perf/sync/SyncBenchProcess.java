package io.tandem.perf.sync;

import io.tandem.internal.channel.Codegen;
import io.tandem.perf.CodegenProbe;
import io.tandem.perf.rtt.Ping;
import io.tandem.perf.rtt.Pong;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.sync.EventGroup;

/** The backend of the synchronisation benchmark: a command answered by a reply, a SyncIndex, a call. */
public final class SyncBenchProcess extends MessageProcess implements SyncBench, Ping, CodegenProbe
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

    @Override
    public void ping(final long value)
    {
        frontend(Pong.class).pong(value);
    }

    @Override
    public boolean codegenSettled()
    {
        return Codegen.isSettled();
    }
}

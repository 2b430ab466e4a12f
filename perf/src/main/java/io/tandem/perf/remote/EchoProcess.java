package io.tandem.perf.remote;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/** The remote round trip's backend: answers each {@link Echo#echo} call with its argument. Run by a node's JVM. */
public final class EchoProcess extends MessageProcess implements Echo
{
    public EchoProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    public long echo(final long value)
    {
        return value;
    }
}

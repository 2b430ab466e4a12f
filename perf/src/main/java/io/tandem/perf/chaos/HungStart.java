package io.tandem.perf.chaos;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/** A process whose {@code preRun} never finishes (a hung native library, a lock never released). */
public final class HungStart extends MessageProcess
{
    public HungStart(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    protected void preRun() throws InterruptedException
    {
        Thread.sleep(Long.MAX_VALUE);
    }
}

package io.tandem.perf.backlog;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

/** A backend that spends a fixed time on each block it takes: a consumer slower than its producer. */
public final class SlowConsumer extends MessageProcess implements Consume
{
    private final long costNanos;
    private transient long taken;

    public SlowConsumer(final String name, final ProcessOptions options, final long costNanos)
    {
        super(name, options);
        this.costNanos = costNanos;
    }

    @Override
    public void take(final long seq, final byte[] block)
    {
        final long until = System.nanoTime() + costNanos;
        while (System.nanoTime() - until < 0)
        {
            Thread.onSpinWait(); // the work a block costs
        }
        taken++;
    }

    @Override
    public long taken()
    {
        return taken;
    }
}

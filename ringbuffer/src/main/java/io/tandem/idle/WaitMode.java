package io.tandem.idle;

/**
 * How a Tandem loop waits for work, chosen per process, per poller or per ring consumer.
 *
 * <pre>{@code
 * MessageProcess p = ...; p.waitMode(WaitMode.BUSY_SPIN);   // lowest latency, one core per loop
 * }</pre>
 */
public enum WaitMode
{
    /** Spin: lowest latency, a whole core while idle. */
    BUSY_SPIN,
    /** Yield the core on every idle pass: low latency, still a core when nothing else runs. */
    YIELD,
    /** Spin, yield, then park for a fraction of the idle time, up to 20 ms: near 0% CPU when idle. The default. */
    BACKOFF;

    /** @return a fresh strategy for one loop (strategies keep per-thread state). */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return BusySpinIdleStrategy.INSTANCE;
            case YIELD:
                return YieldingIdleStrategy.INSTANCE;
            case BACKOFF:
                return new BackoffIdleStrategy();
            default:
                throw new AssertionError(this);
        }
    }
}

package io.tandem.idle;

/**
 * Spins with {@link Thread#onSpinWait()}: the lowest latency, a whole core while idle. Stateless.
 */
public final class BusySpinIdleStrategy implements IdleStrategy
{
    /** Stateless, so one instance serves every thread. */
    public static final BusySpinIdleStrategy INSTANCE = new BusySpinIdleStrategy();

    private BusySpinIdleStrategy()
    {
    }

    @Override
    public void idle()
    {
        Thread.onSpinWait();
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String toString()
    {
        return "BusySpinIdleStrategy";
    }
}

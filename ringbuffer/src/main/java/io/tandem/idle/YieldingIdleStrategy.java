package io.tandem.idle;

/**
 * Gives the core away with {@link Thread#yield()} on every idle pass: low latency when cores are spare,
 * polite when they are not, but still 100% of a core when nothing else wants it. Stateless.
 */
public final class YieldingIdleStrategy implements IdleStrategy
{
    /** Stateless, so one instance serves every thread. */
    public static final YieldingIdleStrategy INSTANCE = new YieldingIdleStrategy();

    private YieldingIdleStrategy()
    {
    }

    @Override
    public void idle()
    {
        Thread.yield();
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String toString()
    {
        return "YieldingIdleStrategy";
    }
}

package io.tandem.idle;

/**
 * How a Tandem loop waits for work, chosen per process (each side), per poller or per ring consumer.
 *
 * <pre>{@code
 * ProcessOptions.builder().waitMode(WaitMode.BUSY_SPIN)      // lowest latency, one core per side
 * }</pre>
 *
 * Which to choose: {@link #PARK} (the default) for everything that is not given a core of its own: it reacts
 * to back-to-back traffic as fast as spinning does, and to a lone message after a quiet spell as fast as the
 * kernel wakes a process (microseconds), at no CPU cost while idle. {@link #BUSY_SPIN} when a core per waiting
 * loop is spent on latency, and the machine has those cores. {@link #YIELD} to spin politely on a machine
 * with spare cores. {@link #BACKOFF} only where nothing rings (it polls: its reaction time is up to an eighth
 * of the idle time, at most 20 ms).
 */
public enum WaitMode
{
    /** Spin: lowest latency, a whole core while idle. */
    BUSY_SPIN,
    /** Yield the core on every idle pass: low latency, still a core when nothing else runs. */
    YIELD,
    /** Spin, yield, then park for a fraction of the idle time, up to 20 ms, and poll: what PARK did before rings. */
    BACKOFF,
    /**
     * Spin, yield, then sleep in the kernel until the side that publishes work rings the loop's doorbell (a
     * futex in shared memory): microseconds to wake, no CPU while idle, no system call under load. The default.
     * Without futexes (not Linux) it degrades to short timed sleeps.
     */
    PARK;

    /** System property: {@code false} keeps futexes unused (every PARK wait then polls with short sleeps). */
    public static final String FUTEX_PROPERTY = "tandem.futex";

    /**
     * @return a fresh strategy for one loop (strategies keep per-thread state). {@link #PARK} needs to know what
     * to sleep on: without it, it is {@link #BACKOFF}'s timed parking; see {@link #newIdleStrategy(SpinBudget,
     * java.util.function.BooleanSupplier, long, Doorbell...)}.
     */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return BusySpinIdleStrategy.INSTANCE;
            case YIELD:
                return YieldingIdleStrategy.INSTANCE;
            case BACKOFF:
            case PARK:
                return new BackoffIdleStrategy();
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * @param spin          how long to spin before sleeping (PARK), learnt across the waits that share it.
     * @param ready         true when the loop has work (checked after announcing a sleep).
     * @param maxSleepNanos the longest sleep (PARK), the bound on noticing what rings no bell.
     * @param bells         what wakes a sleeping loop (PARK).
     * @return a fresh strategy for one loop or wait; the arguments matter to {@link #PARK} only.
     */
    public IdleStrategy newIdleStrategy(final SpinBudget spin, final java.util.function.BooleanSupplier ready,
        final long maxSleepNanos, final Doorbell... bells)
    {
        return this == PARK ? new ParkingIdleStrategy(spin, ready, maxSleepNanos, bells) : newIdleStrategy();
    }
}

package io.tandem.idle;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks for doubling periods up to a ceiling: microsecond reaction while
 * traffic flows, next to no CPU when idle. The default for Tandem backends.
 *
 * <p>The ceiling bounds the extra latency of the first message after a quiet spell (and, since nothing
 * wakes a parked thread across processes, how often an idle loop polls: an idle backend wakes
 * {@code 1 s / maxPark} times a second).
 *
 * <pre>{@code
 * IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000); // 1 us .. 1 ms parks
 * }</pre>
 */
public final class BackoffIdleStrategy implements IdleStrategy
{
    /** Spins before the first yield. */
    public static final int DEFAULT_MAX_SPINS = 100;
    /** Yields before the first park. */
    public static final int DEFAULT_MAX_YIELDS = 20;
    /** First park, ns. */
    public static final long DEFAULT_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Longest park, ns: bounds the idle wake-up rate (and so idle CPU) and the first-message delay. */
    public static final long DEFAULT_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private int spins;
    private int yields;
    private long parkNanos;

    /** Spins 100 times, yields 20 times, then parks 1 µs doubling to 1 ms. */
    public BackoffIdleStrategy()
    {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NS, DEFAULT_MAX_PARK_NS);
    }

    /**
     * @param maxSpins     spins before yielding, {@code >= 0}.
     * @param maxYields    yields before parking, {@code >= 0}.
     * @param minParkNanos first park, {@code >= 1}.
     * @param maxParkNanos longest park, {@code >= minParkNanos}.
     */
    public BackoffIdleStrategy(final int maxSpins, final int maxYields, final long minParkNanos, final long maxParkNanos)
    {
        if (maxSpins < 0 || maxYields < 0 || minParkNanos < 1 || maxParkNanos < minParkNanos)
        {
            throw new IllegalArgumentException("need maxSpins >= 0, maxYields >= 0, 1 <= minParkNanos <= maxParkNanos; got " +
                maxSpins + ", " + maxYields + ", " + minParkNanos + ", " + maxParkNanos);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        reset();
    }

    @Override
    public void idle()
    {
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (yields < maxYields)
        {
            yields++;
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }

    /** @return the longest park, ns. */
    public long maxParkNanos()
    {
        return maxParkNanos;
    }

    @Override
    public String toString()
    {
        return "BackoffIdleStrategy{maxSpins=" + maxSpins + ", maxYields=" + maxYields +
            ", minParkNanos=" + minParkNanos + ", maxParkNanos=" + maxParkNanos + '}';
    }
}

package io.tandem.idle;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks for a fraction of the time it has been idle: microsecond reaction while
 * traffic flows, next to no CPU when idle. The default for Tandem backends.
 *
 * <p>Nothing wakes a parked thread across processes, so a parked loop notices new work only when its park
 * ends. Parking for {@code 1/8} of the idle time so far (between {@code minPark} and {@code maxPark})
 * bounds that delay to about an eighth of the quiet spell that preceded the work: a command after 8 ms of
 * silence waits at most about 1 ms, one after a long silence at most {@code maxPark}. In a long idle
 * spell the loop wakes {@code 1 s / maxPark} times a second; with the default 20 ms that is about half a
 * percent of a core (a timed park costs tens of microseconds on a virtual machine).
 *
 * <pre>{@code
 * IdleStrategy idle = new BackoffIdleStrategy(100, 20, 1_000, 2_000_000); // 1 us .. 2 ms parks
 * }</pre>
 */
public final class BackoffIdleStrategy implements IdleStrategy
{
    /** System property: the default longest park, in microseconds. */
    public static final String MAX_PARK_PROPERTY = "tandem.idle.maxParkMicros";
    /** Spins before the first yield. */
    public static final int DEFAULT_MAX_SPINS = 100;
    /** Yields before the first park. */
    public static final int DEFAULT_MAX_YIELDS = 20;
    /** Shortest park, ns. */
    public static final long DEFAULT_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Longest park, ns ({@value #MAX_PARK_PROPERTY}, default 20 ms): bounds idle wake-ups and the worst delay. */
    public static final long DEFAULT_MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(MAX_PARK_PROPERTY, 20_000));
    /** A park lasts 1/2^3 of the idle time so far. */
    private static final int IDLE_FRACTION_SHIFT = 3;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private int spins;
    private int yields;
    private long parkingSince;

    /** Spins 100 times, yields 20 times, then parks 1 µs .. 20 ms (see {@value #MAX_PARK_PROPERTY}). */
    public BackoffIdleStrategy()
    {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NS, DEFAULT_MAX_PARK_NS);
    }

    /**
     * @param maxSpins     spins before yielding, {@code >= 0}.
     * @param maxYields    yields before parking, {@code >= 0}.
     * @param minParkNanos shortest park, {@code >= 1}.
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
            final long now = System.nanoTime();
            if (parkingSince == 0)
            {
                parkingSince = now;
            }
            LockSupport.parkNanos(parkNanos(now - parkingSince));
        }
    }

    /** @return how long to park after {@code idleNanos} of parking. */
    long parkNanos(final long idleNanos)
    {
        return Math.max(minParkNanos, Math.min(maxParkNanos, idleNanos >> IDLE_FRACTION_SHIFT));
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
        parkingSince = 0;
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

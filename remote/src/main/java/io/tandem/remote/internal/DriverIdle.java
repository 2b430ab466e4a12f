package io.tandem.remote.internal;

import io.aeron.driver.Configuration;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The embedded media driver's default idle strategy: Aeron's backoff (spins, yields, then parks from 1 µs doubling
 * to 1 ms), except for a short window after a bridge of this JVM last moved a document, during which it yields.
 *
 * <p>Why: a Tandem remote call is a burst of hand-offs (caller, bridge, driver, network, driver, bridge, backend and
 * back) spread over some tens of microseconds, and the answer comes back to a driver that has been idle for that
 * long. With plain backoff that driver is by then in its parks, and on Linux even a 1 µs park sleeps some 50 µs
 * (the timer slack): the answer waits for the park to end, in each driver, at random. Yielding for a little while
 * after the last work keeps a driver that expects an answer responsive (a yield gives the core away whenever another
 * thread wants it), while a driver with nothing to do still parks as Aeron's does. The window opens on the bridges'
 * traffic ({@link #bridgeMoved}), not on the driver's own work: its housekeeping and the heartbeats would keep it
 * open, and an idle node or frontend would yield all the time; so an idle one costs what an idle Aeron driver costs.
 *
 * <pre>{@code
 * new MediaDriver.Context().threadingMode(ThreadingMode.SHARED).sharedIdleStrategy(new DriverIdle());
 * }</pre>
 */
final class DriverIdle implements IdleStrategy
{
    /** System property: microseconds a driver yields after its last work before Aeron's backoff (default 500). */
    static final String WINDOW_PROPERTY = "tandem.aeron.yieldMicros";
    static final long WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(WINDOW_PROPERTY, 500));

    /** When a bridge of this JVM last moved a document (nanoTime); written by bridges, read by drivers: plain
     * volatile, a late read only delays the window by one idle pass. */
    private static volatile long bridgeMovedNanos = System.nanoTime() - WINDOW_NANOS;

    private final IdleStrategy backoff;
    private final long windowNanos;

    /** Aeron's driver backoff (its configured spins, yields and parks) after a window of {@link #WINDOW_NANOS}. */
    DriverIdle()
    {
        this(new BackoffIdleStrategy(Configuration.IDLE_MAX_SPINS, Configuration.IDLE_MAX_YIELDS,
            Configuration.IDLE_MIN_PARK_NS, Configuration.IDLE_MAX_PARK_NS), WINDOW_NANOS);
    }

    DriverIdle(final IdleStrategy backoff, final long windowNanos)
    {
        this.backoff = backoff;
        this.windowNanos = windowNanos;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            backoff.reset();
        }
        else if (System.nanoTime() - bridgeMovedNanos < windowNanos)
        {
            Thread.yield();
        }
        else
        {
            backoff.idle();
        }
    }

    @Override
    public void idle()
    {
        backoff.idle();
    }

    @Override
    public void reset()
    {
        backoff.reset();
    }

    /** Closes the window as if no bridge had moved anything for long (tests). */
    static void forgetBridgeTraffic()
    {
        bridgeMovedNanos = System.nanoTime() - (Long.MAX_VALUE >> 2);
    }

    /** A bridge forwarded or received documents: an answer may follow, the drivers stay responsive a while. */
    static void bridgeMoved()
    {
        bridgeMovedNanos = System.nanoTime();
    }

    @Override
    public String alias()
    {
        return "tandem-backoff";
    }
}

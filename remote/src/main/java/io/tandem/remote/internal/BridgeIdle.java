package io.tandem.remote.internal;

import io.tandem.idle.Doorbell;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a bridge thread waits when a pass found nothing to do: spins for {@link #SPIN_NANOS} (documents written back to
 * back), then sleeps on its doorbell. It does not spin or yield longer: on a machine with few cores every bridge,
 * caller, backend and media driver thread wants one, and a bridge that keeps a core busy delays the driver that would
 * bring its answer (two loaded cores: a remote call's p50 was about 75 us with this, 90 us with 5 us of spinning and
 * 5 more of yielding, 110 us with 10 and 20; before the driver rang, with 2,000 spins, 200 yields and 200 us sleeps,
 * about 300 us).
 * Two sides ring that doorbell: the local side when it writes to the queue the bridge forwards, and this JVM's embedded
 * media driver when a datagram from the far side has come into an image ({@link InboundSignal}): the bridge sleeps
 * until either has something for it, at most {@link #MAX_SLEEP_NANOS} (it also re-checks its own state then: a lost
 * node, an ended backend). With an external media driver nothing rings for the far side, and the sleep is bounded by
 * {@link #POLL_SLEEP_NANOS}, how late the far side's traffic may be seen. Not thread safe: the bridge's own.
 *
 * <pre>{@code
 * BridgeIdle idle = new BridgeIdle(table.commandBell(slot), this::commandsWaiting);
 * try { while (running) { idle.idle(poll(), blocked); } } finally { idle.close(); }
 * }</pre>
 */
final class BridgeIdle implements AutoCloseable
{
    /**
     * System property: microseconds a bridge spins after its last work before it sleeps (default 2). More may pay
     * where every busy thread has a core of its own.
     */
    static final String SPIN_PROPERTY = "tandem.remote.spinMicros";
    /** Spinning after the last work, for documents that come back to back. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(SPIN_PROPERTY, 2));
    /** The longest sleep when the driver rings on arrivals: the bridge's own checks (node lost, backend ended). */
    static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest sleep when it does not (an external driver): bounds how late the far side's traffic is seen. */
    static final long POLL_SLEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** The wait while the far side pushes back: flow control, not an answer, is awaited. */
    private static final long BLOCKED_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Doorbell bell;
    private final BooleanSupplier localWork;
    private final BooleanSupplier ready;
    private long idleSince;
    private boolean idling;
    private long arrivalsSeen;
    private long sleeps;

    /** @param localWork true when the local queue has something to forward (checked before sleeping). */
    BridgeIdle(final Doorbell bell, final BooleanSupplier localWork)
    {
        this.bell = bell;
        this.localWork = localWork;
        this.ready = () -> localWork.getAsBoolean() || InboundSignal.arrivals() != arrivalsSeen;
        InboundSignal.register(bell);
        arrivalsSeen = InboundSignal.arrivals();
    }

    /**
     * After a pass that did {@code work} things; {@code blocked}: the far side is pushing back (do not spin on it).
     * Reads the arrival count for the next pass before returning: what comes after is either polled by that pass or
     * keeps the following sleep from starting.
     */
    void idle(final int work, final boolean blocked)
    {
        if (work > 0)
        {
            idling = false;
            DriverIdle.bridgeMoved(); // an answer may follow: this JVM's driver yields a while before it parks
        }
        else if (blocked)
        {
            LockSupport.parkNanos(BLOCKED_PARK_NANOS);
        }
        else if (!idling)
        {
            idling = true;
            idleSince = System.nanoTime();
            Thread.onSpinWait();
        }
        else
        {
            final long idle = System.nanoTime() - idleSince;
            if (idle < SPIN_NANOS)
            {
                Thread.onSpinWait();
            }
            else
            {
                if (!bell.sleep(ready, InboundSignal.driverRings() ? MAX_SLEEP_NANOS : POLL_SLEEP_NANOS))
                {
                    sleeps++;
                }
            }
        }
        arrivalsSeen = InboundSignal.arrivals();
    }

    /** @return how many times it went to sleep (work found at the last check before sleeping does not count). */
    long sleeps()
    {
        return sleeps;
    }

    /** The driver stops ringing this bridge's bell. */
    @Override
    public void close()
    {
        InboundSignal.unregister(bell);
    }
}

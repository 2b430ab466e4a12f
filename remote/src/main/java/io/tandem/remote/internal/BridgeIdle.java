package io.tandem.remote.internal;

import io.tandem.idle.Doorbell;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a bridge thread waits when a pass found nothing to do: spins a little (an answer usually follows a command within
 * microseconds), then yields, then sleeps on its queue's doorbell, which the local side rings when it writes, for at
 * most {@link #MAX_SLEEP_NANOS}: the Aeron side rings no doorbell, so that bounds how late its traffic is seen when the
 * bridge had gone to sleep.
 */
final class BridgeIdle
{
    static final long MAX_SLEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int SPINS = 2_000;
    private static final int YIELDS = 200;

    private final Doorbell bell;
    private final BooleanSupplier localWork;
    private int idlePasses;

    /** @param localWork true when the local queue has something to forward (checked before sleeping). */
    BridgeIdle(final Doorbell bell, final BooleanSupplier localWork)
    {
        this.bell = bell;
        this.localWork = localWork;
    }

    /** After a pass that did {@code work} things; {@code blocked}: the far side is pushing back (do not spin on it). */
    void idle(final int work, final boolean blocked)
    {
        if (work > 0)
        {
            idlePasses = 0;
            return;
        }
        idlePasses++;
        if (blocked)
        {
            LockSupport.parkNanos(50_000);
        }
        else if (idlePasses < SPINS)
        {
            Thread.onSpinWait();
        }
        else if (idlePasses < SPINS + YIELDS)
        {
            Thread.yield();
        }
        else
        {
            bell.sleep(localWork, MAX_SLEEP_NANOS);
        }
    }
}

package io.tandem.remote.internal;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded driver yields, and does not back off into parks, for a window after a bridge moved a document; it
 * backs off as Aeron's own driver does otherwise, whatever its own work.
 */
class DriverIdleTest
{
    /** Counts what reaches Aeron's backoff. */
    private static final class CountingBackoff implements IdleStrategy
    {
        int idles;
        int resets;

        @Override
        public void idle(final int workCount)
        {
            idles++;
        }

        @Override
        public void idle()
        {
            idles++;
        }

        @Override
        public void reset()
        {
            resets++;
        }
    }

    @Test
    void afterABridgeMovedADocumentTheDriverYieldsInsteadOfBackingOff()
    {
        final CountingBackoff backoff = new CountingBackoff();
        final DriverIdle idle = new DriverIdle(backoff, TimeUnit.SECONDS.toNanos(30)); // a window no test outlives
        DriverIdle.bridgeMoved();
        for (int i = 0; i < 1000; i++)
        {
            idle.idle(0);
        }
        assertEquals(0, backoff.idles, "inside the window no pass reaches the backoff (its parks)");
    }

    @Test
    void withoutBridgeTrafficTheDriverBacksOffAsAeronsDoesEvenAfterItsOwnWork()
    {
        final CountingBackoff backoff = new CountingBackoff();
        final DriverIdle idle = new DriverIdle(backoff, TimeUnit.SECONDS.toNanos(30));
        DriverIdle.forgetBridgeTraffic();
        idle.idle(3); // the driver's own work (housekeeping, a heartbeat) opens no window: an idle node stays cheap
        idle.idle(0);
        idle.idle(0);
        assertEquals(1, backoff.resets, "work resets the backoff");
        assertEquals(2, backoff.idles, "idle passes back off");
    }
}

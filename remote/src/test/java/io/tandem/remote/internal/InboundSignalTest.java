package io.tandem.remote.internal;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.tandem.idle.Doorbell;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import io.tandem.test.ShmDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded media driver wakes a bridge asleep on its doorbell when a datagram has come into an image (instead of
 * the bridge polling Aeron on a timer), and a bridge that has seen an arrival since its last pass does not go to sleep.
 */
@Timeout(60)
class InboundSignalTest
{
    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-inbound-");

    /** Far longer than any wake-up: a sleeper still asleep after it was not woken. */
    private static final long LONG_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Test
    void aDatagramIntoAnImageWakesASleepingBridge() throws Exception
    {
        final Path dir = shm.path();
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(Doorbell.LENGTH, 64);
        final Doorbell bell = Doorbell.at(BufferUtil.address(memory));
        try (AeronRuntime aeron = AeronRuntime.embedded(dir.resolve("aeron"));
             Subscription subscription = aeron.aeron().addSubscription("aeron:udp?endpoint=127.0.0.1:0|term-length=65536", 7))
        {
            assertTrue(InboundSignal.driverRings(), "an embedded driver rings");
            String endpoint;
            while ((endpoint = subscription.resolvedEndpoint()) == null)
            {
                Thread.onSpinWait();
            }
            try (Publication publication = aeron.aeron().addPublication(
                "aeron:udp?endpoint=" + endpoint + "|term-length=65536", 7))
            {
                while (!publication.isConnected() || !subscription.isConnected())
                {
                    Thread.sleep(1);
                }
                Thread.sleep(200); // setup traffic settled
                InboundSignal.register(bell);
                final CountDownLatch asleep = new CountDownLatch(1);
                final AtomicLong sleptNanos = new AtomicLong(-1);
                final long seen = InboundSignal.arrivals();
                final Thread sleeper = new Thread(() ->
                {
                    asleep.countDown();
                    final long start = System.nanoTime();
                    while (InboundSignal.arrivals() == seen && System.nanoTime() - start < LONG_SLEEP_NANOS)
                    {
                        bell.sleep(() -> InboundSignal.arrivals() != seen, LONG_SLEEP_NANOS);
                    }
                    sleptNanos.set(System.nanoTime() - start);
                }, "sleeping-bridge");
                sleeper.start();
                asleep.await();
                Thread.sleep(100); // most likely in the futex by now; if not, it finds the arrival before it sleeps
                final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
                while (publication.offer(message) < 0)
                {
                    Thread.sleep(1);
                }
                sleeper.join(TimeUnit.NANOSECONDS.toMillis(LONG_SLEEP_NANOS) + 5_000);
                assertFalse(sleeper.isAlive());
                assertNotEquals(seen, InboundSignal.arrivals(), "the datagram was counted");
                assertTrue(sleptNanos.get() < TimeUnit.SECONDS.toNanos(5),
                    "woken by the driver, not by its timeout: slept " + sleptNanos.get() / 1_000_000 + " ms");
            }
        }
        finally
        {
            InboundSignal.unregister(bell);
        }
    }

    @Test
    void anArrivalSinceTheLastPassKeepsTheBridgeAwake()
    {
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(Doorbell.LENGTH, 64);
        final Doorbell bell = Doorbell.at(BufferUtil.address(memory));
        final int passes = 20;
        try (BridgeIdle idle = new BridgeIdle(bell, () -> false))
        {
            idle.idle(0, false); // idle from now
            pause(BridgeIdle.SPIN_NANOS + 1_000); // past its spinning: the next empty pass sleeps
            for (int i = 0; i < passes; i++)
            {
                InboundSignal.signal(); // as the driver does when a datagram came during the pass
                idle.idle(0, false);
            }
            assertEquals(0, idle.sleeps(), "an arrival since the pass before: never asleep");
            idle.idle(0, false);
            assertEquals(1, idle.sleeps(), "nothing came: it sleeps (its bound, nobody rings)");
            assertTrue(InboundSignal.isRegistered(bell));
        }
        assertFalse(InboundSignal.isRegistered(bell), "closed: the driver rings it no more");
    }

    private static void pause(final long nanos)
    {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0)
        {
            Thread.onSpinWait();
        }
    }
}

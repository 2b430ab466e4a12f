package io.tandem.ringbuffer;

import io.tandem.idle.Doorbell;
import io.tandem.idle.WaitMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@link RingConsumer.Watch} hook: what a receive wait asks besides the ring, and when. */
@Timeout(60)
class RingConsumerWatchTest
{
    private static final int ROUNDS = 5;
    /** Far under the 40 ms a wait without the bell takes, with room for a loaded 2-core machine. */
    private static final long BOUND_MS = 20;

    @AfterEach
    void delete() throws Exception
    {
        TestPaths.deleteAll();
    }

    @Test
    void aWatchThatThrowsEndsTheWaitAndItsBellWakesASleepingWaitAtOnce() throws Exception
    {
        assumeTrue(Doorbell.isSupported(), "doorbells need Linux futexes");
        try (RingBuffer ring = RingBuffer.create(TestPaths.newPath("watched")).slotCount(4).slotSize(64).build();
             RingBuffer other = RingBuffer.create(TestPaths.newPath("bell")).slotCount(2).slotSize(8).build())
        {
            final Doorbell peerBell = other.dataBell(); // any doorbell in shared memory will do
            final AtomicBoolean peerDead = new AtomicBoolean();
            final IllegalStateException died = new IllegalStateException("peer died");
            final RingConsumer consumer = ring.consumer("c", WaitMode.PARK, new RingConsumer.Watch()
            {
                @Override
                public void check(final boolean producerGone)
                {
                    if (peerDead.get())
                    {
                        throw died;
                    }
                }

                @Override
                public Doorbell[] bells()
                {
                    return new Doorbell[] {peerBell};
                }
            });
            final RingProducer producer = ring.producer();
            publish(producer, 1);
            assertNotNull(consumer.receive(Duration.ofSeconds(1)), "a frame is handed out before the watch is asked");
            consumer.release();

            final long[] delays = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++)
            {
                peerDead.set(false);
                final CompletableFuture<Long> wait = CompletableFuture.supplyAsync(() ->
                {
                    final long start = System.nanoTime();
                    try
                    {
                        consumer.receive(Duration.ofSeconds(20));
                    }
                    catch (final IllegalStateException ex)
                    {
                        assertSame(died, ex);
                        return System.nanoTime();
                    }
                    throw new AssertionError("the wait ended without the watch's exception after " +
                        (System.nanoTime() - start) / 1_000_000 + " ms");
                });
                Thread.sleep(10); // asleep on its bells, early in its longest (50 ms) sleep
                final long rungAt = System.nanoTime();
                peerDead.set(true);
                peerBell.ring();
                delays[round] = wait.get(10, TimeUnit.SECONDS) - rungAt;
            }
            Arrays.sort(delays);
            final long medianMs = TimeUnit.NANOSECONDS.toMillis(delays[ROUNDS / 2]);
            assertTrue(medianMs < BOUND_MS, "the watch's bell woke the wait after " + medianMs + " ms (median); " +
                "without it the wait would notice only at its next timed look, some 40 ms later: " +
                Arrays.toString(delays));

            peerDead.set(true);
            assertThrows(IllegalStateException.class, () -> consumer.receive(Duration.ofSeconds(5)),
                "a peer already dead fails the next wait at once");
            producer.close();
        }
    }

    @Test
    void theWatchIsAskedOnceMoreWithProducerGoneBeforeAWaitReturnsNullAndNeverByTryReceive()
    {
        try (RingBuffer ring = RingBuffer.create(TestPaths.newPath("gone")).slotCount(4).slotSize(64).build())
        {
            final List<Boolean> calls = new ArrayList<>();
            final RingConsumer consumer = ring.consumer("c", null, calls::add);
            final RingProducer producer = ring.producer();
            assertNull(consumer.tryReceive());
            assertTrue(calls.isEmpty(), "tryReceive does not wait, so it does not ask: " + calls);

            publish(producer, 7);
            producer.close();
            assertNotNull(consumer.receive(Duration.ofSeconds(1)), "frames published before the close are read first");
            consumer.release();
            assertTrue(calls.isEmpty(), "a frame at hand is returned without asking: " + calls);

            assertNull(consumer.receive(Duration.ofSeconds(5)), "the producer closed: the end of the stream");
            assertEquals(Boolean.TRUE, calls.get(calls.size() - 1), "the last call says the producer is gone: " + calls);
            assertEquals(1, calls.stream().filter(Boolean::booleanValue).count(), "once: " + calls);
        }
    }

    /** One 8-byte frame, through claim and publish (the ring has room). */
    private static void publish(final RingProducer producer, final long value)
    {
        final FrameClaim claim = producer.tryClaim();
        assertNotNull(claim, "the ring has room");
        claim.putLong(0, value);
        claim.publish(Long.BYTES, 0, System.nanoTime());
    }
}

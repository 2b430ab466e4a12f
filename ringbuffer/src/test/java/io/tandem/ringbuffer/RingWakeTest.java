package io.tandem.ringbuffer;

import io.tandem.idle.Doorbell;
import io.tandem.idle.WaitMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ring's doorbells in the default wait mode (PARK): a consumer asleep in {@code receive} wakes when a frame is
 * published or the producer closes, a BLOCK producer asleep for room wakes when a consumer releases. Without the
 * rings each would notice only at its next timed look (50 ms for a consumer, 10 ms for a producer), so the
 * medians asserted below, well under those, fail if a ring is lost.
 */
@Timeout(60)
class RingWakeTest
{
    /** Rounds per test; the median of their wake-up delays is asserted. */
    private static final int ROUNDS = 15;
    /**
     * How long the waiters idle first: far past their longest spin (50 µs), so they are asleep; and mid-way through
     * one of their timed looks (every 50 ms for a consumer, 10 ms for a producer), not at the end of one, so that
     * only a ring can wake them in time.
     */
    private static final long CONSUMER_IDLE_MS = 20;
    private static final long CLOSE_IDLE_MS = 75;
    private static final long PRODUCER_IDLE_MS = 25;
    /** The asserted median wake-up, with room for 2 loaded cores: kernel wake-ups take tens of microseconds. */
    private static final long CONSUMER_BOUND_NS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The producer looks every 10 ms without a ring: its bound must be well under that. */
    private static final long PRODUCER_BOUND_NS = TimeUnit.MILLISECONDS.toNanos(3);

    private final Path path = TestPaths.newPath("wake");

    @BeforeAll
    static void futexes()
    {
        assumeTrue(Doorbell.isSupported(), "doorbells need Linux futexes");
    }

    @AfterEach
    void delete() throws Exception
    {
        TestPaths.deleteAll();
    }

    private RingBuffer ring(final int slots)
    {
        return RingBuffer.create(path).slotCount(slots).slotSize(64).policy(RingPolicy.BLOCK).waitMode(WaitMode.PARK)
            .build();
    }

    @Test
    void aConsumerAsleepInReceiveWakesWhenAFrameIsPublished() throws Exception
    {
        try (RingBuffer ring = ring(8))
        {
            final RingProducer producer = ring.producer();
            final RingConsumer consumer = ring.consumer("sleeper");
            final long[] delays = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++)
            {
                final AtomicLong publishedAt = new AtomicLong();
                final long value = i;
                final CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() ->
                {
                    final Frame frame = consumer.receive(Duration.ofSeconds(10));
                    final long at = System.nanoTime();
                    assertNotNull(frame, "no frame within 10 s");
                    assertEquals(value, frame.getLong(0));
                    consumer.release();
                    return at;
                });
                Thread.sleep(CONSUMER_IDLE_MS);
                publishedAt.set(System.nanoTime());
                producer.claim().putLong(0, value).publish(8, 0, 0L);
                delays[i] = woke.get(10, TimeUnit.SECONDS) - publishedAt.get();
            }
            assertMedianBelow(delays, CONSUMER_BOUND_NS, "consumer woken by a publish");
        }
    }

    @Test
    void aConsumerAsleepInReceiveReturnsPromptlyWhenTheProducerCloses() throws Exception
    {
        try (RingBuffer ring = ring(8))
        {
            final RingProducer producer = ring.producer();
            final RingConsumer consumer = ring.consumer("sleeper");
            final CompletableFuture<Long> returned = CompletableFuture.supplyAsync(() ->
            {
                assertNull(consumer.receive(Duration.ofSeconds(10)), "nothing was published");
                return System.nanoTime();
            });
            Thread.sleep(CLOSE_IDLE_MS);
            final long closedAt = System.nanoTime();
            producer.close();
            final long delay = returned.get(10, TimeUnit.SECONDS) - closedAt;
            assertTrue(delay < CONSUMER_BOUND_NS, "receive returned " + delay / 1000 + " µs after the producer closed");
        }
    }

    @Test
    void aBlockedProducerAsleepForRoomWakesWhenAConsumerReleases() throws Exception
    {
        try (RingBuffer ring = ring(2))
        {
            final RingProducer producer = ring.producer();
            final RingConsumer consumer = ring.consumer("slow");
            final long[] delays = new long[ROUNDS];
            long next = 0;
            for (int i = 0; i < ROUNDS; i++)
            {
                FrameClaim free;
                while ((free = producer.tryClaim()) != null) // fill the ring
                {
                    free.putLong(0, next++).publish(8, 0, 0L);
                }
                final CompletableFuture<Long> claimed = CompletableFuture.supplyAsync(() ->
                {
                    producer.claim(Duration.ofSeconds(10)).abort(); // waits for room
                    return System.nanoTime();
                });
                Thread.sleep(PRODUCER_IDLE_MS);
                assertNotNull(consumer.tryReceive());
                final long releasedAt = System.nanoTime();
                consumer.release();
                delays[i] = claimed.get(10, TimeUnit.SECONDS) - releasedAt;
                while (consumer.tryReceive() != null) // drain for the next round
                {
                    consumer.release();
                }
            }
            assertMedianBelow(delays, PRODUCER_BOUND_NS, "producer woken by a release");
        }
    }

    private static void assertMedianBelow(final long[] delays, final long boundNs, final String what)
    {
        final long[] sorted = delays.clone();
        Arrays.sort(sorted);
        final long median = sorted[sorted.length / 2];
        assertTrue(median < boundNs, what + ": median " + median / 1000 + " µs, bound " + boundNs / 1000 +
            " µs; all (µs): " + Arrays.toString(Arrays.stream(delays).map(d -> d / 1000).toArray()));
    }
}

package io.tandem.remote.ring;

import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.test.Await;
import io.tandem.test.ShmDir;
import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ring bridged to another "host": this JVM produces and runs the {@link RingSender}, a child JVM (its own media
 * driver, {@link RemoteRingChild}) runs the {@link RingReceiver} and a consumer of the mirror ring. Loopback only.
 */
@Timeout(180)
class RemoteRingTest
{
    /** Slack over the connection timeout + liveness timeout for an eviction to be seen, on a loaded 2-core machine. */
    private static final long EVICTION_MARGIN_MS = 3000;
    private static final int[] SIZES = {64, 1024, 65_536, 300_000, 1 << 20, 4096, 200, 777_777};

    @RegisterExtension
    final ShmDir shm = new ShmDir("tandem-remote-ring-");


    @Test
    void blockIsLosslessEndToEndAndGatesTheProducer()
    {
        final int frames = 240;
        try (ChildProgram child = child(RingPolicy.BLOCK, 4, 1 << 20, 16, 40, "consume");
             TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer ring = RingBuffer.create(shm.path().resolve("source")).slotCount(8).slotSize(1 << 20)
                 .policy(RingPolicy.BLOCK).build();
             RingProducer producer = ring.producer())
        {
            final String port = child.awaitLine("PORT", Duration.ofSeconds(60));
            try (RingSender sender = RingSender.builder(aeron.client(), ring).endpoint("127.0.0.1:" + port).build().start())
            {
                assertEquals(16 << 20, sender.termLength(), "1 MiB slots + header need a 16 MiB term");
                Await.until(Duration.ofSeconds(20), sender::isConnected, "the sender to connect");
                for (int i = 0; i < frames; i++)
                {
                    final FrameClaim claim = producer.claim(Duration.ofSeconds(60));
                    TestFrames.publish(claim, i, SIZES[i % SIZES.length]);
                }
                Await.until(Duration.ofSeconds(60), () -> sender.framesSent() == frames, "all frames sent: " + sender);
                child.send("END " + frames);
                final Map<String, Long> result = parse(child.awaitLine("RESULT", Duration.ofSeconds(90)));
                assertEquals(frames, result.get("consumed"), "every frame once: " + result);
                assertEquals(0, result.get("bad"), "intact: " + result);
                assertEquals(0, result.get("outOfOrder"), "in order: " + result);
                assertEquals(frames - 1, result.get("last"), "the last one too: " + result);
                assertEquals(0, result.get("skipped"), "none skipped: " + result);
                assertEquals(0, result.get("missing"), "no gap: " + result);
                assertEquals(0, result.get("dropped"), result.toString());
                assertTrue(result.get("stalls") > 0, "the slow remote consumer filled the mirror ring: " + result);
                assertTrue(ring.producerBlockedCount() > 0, "the local producer was gated end to end");
                assertTrue(sender.stalls() > 0, "Aeron back-pressured the sender: " + sender);
                assertEquals(0, sender.framesDropped(), sender.toString());
                assertEquals(0, sender.evictions(), sender.toString());
                assertEquals(sumOfSizes(frames), sender.bytesSent());
            }
            assertEquals(0, child.awaitExit(Duration.ofSeconds(30)));
        }
    }

    /** OVERWRITE end to end: the slow remote consumer is lapped on the mirror ring, which counts its drops. */
    @Test
    void overwriteMirrorCountsTheSlowConsumersDropsAndNothingCorruptOrOutOfOrderArrives()
    {
        final Map<String, Long> result = overwrite(RingPolicy.OVERWRITE, (sender, r) ->
        {
            assertTrue(r.get("dropped") > 0, "the slow remote consumer was lapped on the mirror, counted: " + r);
            assertEquals(0, r.get("stalls"), "an OVERWRITE mirror never stops the receiver: " + r);
        });
        assertTrue(result.get("consumed") > 0, result.toString());
    }

    /**
     * An OVERWRITE source into a BLOCK mirror whose consumer is slow: the receiver stops polling, Aeron back-pressures
     * the sender, which skips to the newest frame and counts what it dropped; the receiver sees the gaps.
     */
    @Test
    void overwriteSenderSkipsToTheNewestUnderBackPressureAndCountsTheDrops()
    {
        overwrite(RingPolicy.BLOCK, (sender, r) ->
        {
            assertTrue(r.get("stalls") > 0, "the BLOCK mirror filled and held the receiver: " + r);
            assertTrue(sender.stalls() > 0, "Aeron back-pressured the sender: " + sender);
            assertTrue(sender.framesDropped() > 0, "the sender skipped frames, counted: " + sender);
            assertTrue(r.get("missing") > 0, "the receiver saw the gaps: " + r);
            assertEquals(0, r.get("dropped"), "a BLOCK mirror loses nothing locally: " + r);
            // a frame overwritten while Aeron copied it goes out marked torn: the receiver counts it torn (it saw
            // its sequence), not missing, and never publishes it
            assertEquals(r.get("skipped"), r.get("missing") + r.get("torn"), "what the consumer never saw is what " +
                "the receiver counted missing or torn (the first frame sent was frame 0): " + r);
        });
    }

    private Map<String, Long> overwrite(final RingPolicy mirrorPolicy,
        final java.util.function.BiConsumer<RingSender, Map<String, Long>> check)
    {
        final int frames = 3000;
        final int slotSize = 64 * 1024;
        try (ChildProgram child = child(mirrorPolicy, 4, slotSize, -1, 1, "consume");
             TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer ring = RingBuffer.create(shm.path().resolve("source")).slotCount(8).slotSize(slotSize)
                 .policy(RingPolicy.OVERWRITE).build();
             RingProducer producer = ring.producer())
        {
            final String port = child.awaitLine("PORT", Duration.ofSeconds(60));
            final Map<String, Long> result;
            try (RingSender sender = RingSender.builder(aeron.client(), ring).endpoint("127.0.0.1:" + port).build().start())
            {
                Await.until(Duration.ofSeconds(20), sender::isConnected, "the sender to connect");
                final byte[] first = TestFrames.frame(0, slotSize);
                final FrameClaim claim = producer.claim();
                new org.agrona.concurrent.UnsafeBuffer(claim.address(), claim.capacity()).putBytes(0, first);
                claim.publish(slotSize, 0, 0);
                // frame 0 is sent before the rest come: the receiver's gaps then count from it, as the consumer's do
                Await.until(Duration.ofSeconds(20), () -> sender.framesSent() == 1, "frame 0 sent: " + sender);
                for (int i = 1; i < frames; i++)
                {
                    TestFrames.publish(producer.claim(), i, TestFrames.MIN_LENGTH + (int)((i * 2654435761L) % (slotSize - 16)));
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000); // a camera, not a flood: ~10k frames/s at most
                }
                Await.until(Duration.ofSeconds(60), () -> sender.framesSent() + sender.framesDropped() == frames,
                    "the sender to account for every frame: " + sender);
                child.send("END " + sender.framesSent());
                result = parse(child.awaitLine("RESULT", Duration.ofSeconds(90)));
                assertEquals(0, result.get("bad"), "no corrupt frame: " + result);
                assertEquals(0, result.get("outOfOrder"), "strictly increasing: " + result);
                assertEquals(0, result.get("rejected"), result.toString());
                assertEquals(sender.framesSent(), result.get("received"), "every frame sent arrives: " + result);
                assertEquals(result.get("received"), result.get("consumed") + result.get("dropped"),
                    "the mirror's consumer accounts for every frame: " + result);
                assertEquals(frames - 1, result.get("last"), "the newest frame always gets through: " + result);
                assertTrue(result.get("missing") <= sender.framesDropped(), result + " " + sender);
                assertEquals(0, ring.producerBlockedCount(), "OVERWRITE never holds the producer");
                check.accept(sender, result);
            }
            assertEquals(0, child.awaitExit(Duration.ofSeconds(30)));
            return result;
        }
    }

    @Test
    void aKilledReceiverIsEvictedAndTheBlockProducerProceeds()
    {
        final Duration liveness = Duration.ofSeconds(1);
        try (ChildProgram child = child(RingPolicy.BLOCK, 2, 4096, 0, 0, "hold");
             TestAeron aeron = TestAeron.launch(shm.path().resolve("aeron"));
             RingBuffer ring = RingBuffer.create(shm.path().resolve("source")).slotCount(4).slotSize(4096)
                 .policy(RingPolicy.BLOCK).build();
             RingProducer producer = ring.producer())
        {
            final String port = child.awaitLine("PORT", Duration.ofSeconds(60));
            try (RingSender sender = RingSender.builder(aeron.client(), ring).endpoint("127.0.0.1:" + port)
                .livenessTimeout(liveness).build().start())
            {
                Await.until(Duration.ofSeconds(20), sender::isConnected, "the sender to connect");
                final byte[] frame = new byte[4096];
                // fill mirror, Aeron's window and the source ring, until the producer is held
                final long fillDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long heldSince = 0;
                while (true)
                {
                    assertTrue(System.nanoTime() - fillDeadline < 0, "the producer was never held: " + sender);
                    if (producer.offer(frame) > 0)
                    {
                        heldSince = 0;
                        continue;
                    }
                    if (heldSince == 0)
                    {
                        heldSince = System.nanoTime();
                    }
                    else if (System.nanoTime() - heldSince > Duration.ofMillis(300).toNanos())
                    {
                        break;
                    }
                    TestJvm.sleep(1);
                }
                // a slow but live remote side is never evicted: hold it well past connection + liveness timeouts
                TestJvm.sleep(TestAeron.CONNECTION_TIMEOUT_MS + liveness.toMillis() + 1000);
                assertEquals(0, sender.evictions(), "a live remote consumer is not evicted: " + sender);
                assertEquals(RingProducer.BACK_PRESSURED, producer.offer(frame), "still held by the live remote side");

                child.process().destroyForcibly(); // SIGKILL
                final long killed = System.nanoTime();
                final long bound = TestAeron.CONNECTION_TIMEOUT_MS + liveness.toMillis() + EVICTION_MARGIN_MS;
                Await.until(Duration.ofMillis(bound), () -> sender.evictions() == 1,
                    "eviction within connection timeout + liveness timeout + " + EVICTION_MARGIN_MS + " ms margin: " + sender);
                final long evictedMs = (System.nanoTime() - killed) / 1_000_000;
                System.out.println("evicted " + evictedMs + " ms after kill -9 (bound " + bound + " ms)");
                assertTrue(producer.offer(frame) > 0, "the BLOCK producer proceeds once the dead remote consumer is gone");
                assertFalse(sender.isRegistered());
                assertTrue(ring.consumers().isEmpty(), "no consumer left on the ring: " + ring.consumers());
            }
        }
    }

    private ChildProgram child(final RingPolicy policy, final int slots, final int slotSize, final int slowFrames,
        final int slowMs, final String mode)
    {
        final Path childDir = shm.path().resolve("child");
        try
        {
            Files.createDirectories(childDir);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return ChildProgram.startWithSeparateStreams(TestJvm.command(List.of("-Xmx256m"), RemoteRingChild.class,
            childDir.toString(), policy.name(), Integer.toString(slots), Integer.toString(slotSize),
            Integer.toString(slowFrames), Integer.toString(slowMs), mode));
    }

    private static long sumOfSizes(final int frames)
    {
        long sum = 0;
        for (int i = 0; i < frames; i++)
        {
            sum += SIZES[i % SIZES.length];
        }
        return sum;
    }

    private static Map<String, Long> parse(final String line)
    {
        final Map<String, Long> values = new HashMap<>();
        for (final String pair : line.split(" "))
        {
            final int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return values;
    }
}

package io.tandem.remote.ring;

import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The source host of a test that runs in a network namespace (multicast): its own media driver, a BLOCK ring and a
 * {@link RingSender} on the channel given. Arguments {@code <dir> <slots> <slotSize> <frames> <channel>}; prints
 * {@code READY}, publishes the numbered frames ({@link TestFrames}, sizes cycling up to the slot size) on the line
 * {@code GO}, waits until all are sent and prints {@code RESULT key=value ...}.
 */
public final class RemoteRingSenderChild
{
    private RemoteRingSenderChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final int slots = Integer.parseInt(args[1]);
        final int slotSize = Integer.parseInt(args[2]);
        final int frames = Integer.parseInt(args[3]);
        final String channel = args[4];
        try (TestAeron aeron = TestAeron.launch(dir.resolve("aeron"));
             RingBuffer ring = RingBuffer.create(dir.resolve("source")).slotCount(slots).slotSize(slotSize)
                 .policy(RingPolicy.BLOCK).build();
             RingProducer producer = ring.producer();
             RingSender sender = RingSender.builder(aeron.client(), ring).channel(channel).build().start();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            System.out.println("READY " + sender.channel());
            String line;
            while ((line = in.readLine()) != null && !line.equals("GO"))
            {
                // wait for the test
            }
            final int[] sizes = {64, 4096, slotSize / 3, slotSize, 1000};
            for (int i = 0; i < frames; i++)
            {
                TestFrames.publish(producer.claim(Duration.ofSeconds(60)), i, Math.max(TestFrames.MIN_LENGTH, sizes[i % sizes.length]));
            }
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sender.framesSent() < frames && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(5);
            }
            System.out.println("RESULT sent=" + sender.framesSent() + " dropped=" + sender.framesDropped() + " stalls=" +
                sender.stalls() + " blocked=" + ring.producerBlockedCount() + " evictions=" + sender.evictions());
        }
    }
}

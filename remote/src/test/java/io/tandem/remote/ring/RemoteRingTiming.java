package io.tandem.remote.ring;

import io.tandem.internal.runtime.FileTrees;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import io.tandem.test.ChildProgram;
import io.tandem.test.TestJvm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A rough timing (not the benchmark: that is {@code ./tandem perf remote}'s): frames per second through a BLOCK ring,
 * a {@link RingSender}, loopback UDP, a {@link RingReceiver} in a second JVM and a consumer of its mirror ring that
 * only counts. The producer is gated end to end, so its publishing rate is the bridge's.
 *
 * <p>{@code java ... [-Dsink.params='|rcv-wnd=1048576'] RemoteRingTiming <payload bytes> <frames> <runs> [mtu] [termLength]}
 * (the property: parameters added to the receiver's channel URI)
 */
public final class RemoteRingTiming
{
    private RemoteRingTiming()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args[0].equals("sink"))
        {
            sink(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        final int size = Integer.parseInt(args[0]);
        final int frames = Integer.parseInt(args[1]);
        final int runs = Integer.parseInt(args[2]);
        final int mtu = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        final int termLength = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        final int slots = size <= 4096 ? 4096 : 16;
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "tandem-ring-timing-");
        try
        {
            Files.createDirectories(dir.resolve("child"));
            try (ChildProgram child = ChildProgram.startWithSeparateStreams(TestJvm.command(List.of("-Xmx512m", "-Dsink.params=" + System.getProperty("sink.params", "")),
                     RemoteRingTiming.class, "sink", dir.resolve("child").toString(), Integer.toString(slots), Integer.toString(size)));
                 TestAeron aeron = TestAeron.launch(dir.resolve("aeron"));
                 RingBuffer ring = RingBuffer.create(dir.resolve("source")).slotCount(slots).slotSize(size)
                     .policy(RingPolicy.BLOCK).build();
                 RingProducer producer = ring.producer())
            {
                final String port = child.awaitLine("PORT", Duration.ofSeconds(60));
                final RingSender.Builder builder = RingSender.builder(aeron.client(), ring).endpoint("127.0.0.1:" + port);
                if (mtu != 0)
                {
                    builder.mtu(mtu);
                }
                if (termLength != 0)
                {
                    builder.termLength(termLength);
                }
                try (RingSender sender = builder.build().start())
                {
                    while (!sender.isConnected())
                    {
                        Thread.sleep(1);
                    }
                    final byte[] payload = new byte[size];
                    long total = 0;
                    for (int run = 0; run <= runs; run++)
                    {
                        final long start = System.nanoTime();
                        for (int i = 0; i < frames; i++)
                        {
                            producer.publish(payload, 0, size, i, start);
                        }
                        final long ns = System.nanoTime() - start;
                        total += frames;
                        child.send("END " + total);
                        final String consumed = child.awaitLine("CONSUMED", Duration.ofSeconds(120));
                        System.out.printf("%s %d B x %d: %.0f frames/s, %.1f MB/s (consumer has %s; sender %s)%n",
                            run == 0 ? "warm-up" : "run " + run, size, frames, frames * 1e9 / ns, (double)frames * size * 1e3 / ns,
                            consumed, sender);
                    }
                    child.send("QUIT");
                }
                child.awaitExit(Duration.ofSeconds(30));
            }
        }
        finally
        {
            FileTrees.deleteRecursively(dir);
        }
    }

    private static void sink(final Path dir, final int slots, final int size) throws Exception
    {
        try (TestAeron aeron = TestAeron.launch(dir.resolve("aeron"));
             RingBuffer mirror = RingBuffer.create(dir.resolve("mirror")).slotCount(slots).slotSize(size)
                 .policy(RingPolicy.BLOCK).build();
             RingConsumer consumer = mirror.consumer("count");
             RingReceiver receiver = RingReceiver.builder(aeron.client(), mirror)
                 .channel("aeron:udp?endpoint=127.0.0.1:0" + System.getProperty("sink.params", "")).build().start();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            final String endpoint = receiver.resolvedEndpoint(Duration.ofSeconds(10));
            System.out.println("PORT " + endpoint.substring(endpoint.lastIndexOf(':') + 1));
            final long[] count = {0};
            final Thread reader = new Thread(() ->
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    if (consumer.poll(frame -> count[0]++, 256) == 0 && consumer.receive(Duration.ofMillis(10)) != null)
                    {
                        consumer.release(); // asleep on the doorbell until a frame came: count it too
                        count[0]++;
                    }
                }
            }, "sink");
            reader.start();
            String line;
            while ((line = in.readLine()) != null && !line.equals("QUIT"))
            {
                final long want = Long.parseLong(line.substring(4).trim());
                final long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
                while (consumer.consumed() < want && System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(1);
                }
                System.out.println("CONSUMED " + consumer.consumed());
            }
            reader.interrupt();
            reader.join(5000);
        }
    }
}

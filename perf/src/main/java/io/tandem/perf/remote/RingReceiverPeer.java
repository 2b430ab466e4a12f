package io.tandem.perf.remote;

import io.tandem.perf.ChildJvm;
import io.tandem.remote.internal.AeronRuntime;
import io.tandem.remote.internal.DriverAgents;
import io.tandem.remote.ring.RingReceiver;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/**
 * The receiving JVM of the remote ring's throughput ({@link TandemRemoteRing}): Tandem's own Aeron
 * ({@link AeronRuntime#embedded}: the driver config users get), a BLOCK mirror ring of the sender's geometry, a
 * {@link RingReceiver} run on the driver's thread as a node runs a mirror's ({@link AeronRuntime#host}), on 127.0.0.1
 * and a port the system chooses (printed {@code PORT p}), and a consumer of the mirror in this thread. On each line {@code WINDOW n} it reads n frames, checks each one's length and its first long
 * (the sequence number), and prints {@code RATE msgPerSecond messages bytes errors}, timed from its first frame to its
 * last, as {@link AeronPeer}'s subscriber does. The end of its stdin ends it; its directory is removed.
 *
 * <p>Arguments: {@code DIR SIZE SLOTS}.
 */
public final class RingReceiverPeer
{
    private static final Duration FRAME_TIMEOUT = Duration.ofMinutes(2);

    private RingReceiverPeer()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 3)
        {
            throw new IllegalArgumentException("usage: RingReceiverPeer DIR SIZE SLOTS");
        }
        final Path dir = Paths.get(args[0]);
        final int size = Integer.parseInt(args[1]);
        final int slots = Integer.parseInt(args[2]);
        try (AeronRuntime aeron = AeronRuntime.embedded(dir.resolve("aeron"));
             RingBuffer mirror = RingBuffer.create(dir.resolve("mirror")).slotCount(slots).slotSize(size)
                 .policy(RingPolicy.BLOCK).build();
             RingConsumer consumer = mirror.consumer("perf");
             RingReceiver receiver = RingReceiver.builder(aeron.aeron(), mirror).endpoint("127.0.0.1:0").build();
             DriverAgents.Hosted hosted = aeron.host(receiver)) // as a node runs a mirror's receiver
        {
            final String endpoint = receiver.resolvedEndpoint(Duration.ofSeconds(30));
            System.out.println("PORT " + endpoint.substring(endpoint.lastIndexOf(':') + 1));
            System.out.println(ChildJvm.READY);
            System.out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            long expected = 0;
            String line;
            while ((line = in.readLine()) != null)
            {
                final long messages = Long.parseLong(line.substring("WINDOW ".length()).trim());
                long first = 0;
                long last = 0;
                long bytes = 0;
                long errors = 0;
                for (long i = 0; i < messages; i++)
                {
                    final Frame frame = consumer.receive(FRAME_TIMEOUT);
                    if (frame == null)
                    {
                        throw new IllegalStateException("no frame within " + FRAME_TIMEOUT + " after " + i + " of " + messages);
                    }
                    last = System.nanoTime();
                    if (i == 0)
                    {
                        first = last;
                    }
                    if (frame.length() != size || frame.getLong(0) != expected)
                    {
                        errors++;
                    }
                    expected++;
                    bytes += frame.length();
                    consumer.release();
                }
                final double seconds = (last - first) / 1e9;
                System.out.println(String.format(Locale.ROOT, "RATE %.1f %d %d %d", (messages - 1) / Math.max(seconds, 1e-9),
                    messages, bytes, errors));
                System.out.flush();
            }
        }
    }
}

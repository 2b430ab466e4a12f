package io.tandem.remote.ring;

import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The remote host of {@link RemoteRingTest}: its own media driver, a mirror ring, a {@link RingReceiver} on
 * 127.0.0.1 (it prints {@code PORT <port>}) and a local consumer of the mirror.
 *
 * <p>Arguments: {@code <dir> <BLOCK|OVERWRITE> <slots> <slotSize> <slowFrames> <slowMs> <mode> [channel]} (the
 * channel to listen on, 127.0.0.1 and any port if not given; it prints {@code JOINED} once a sender is seen); mode
 * {@code consume}: the consumer reads and checks every frame, sleeping {@code slowMs} on each of the first
 * {@code slowFrames} (all, if negative), counting frames corrupt, out of order, and numbers it never saw (skipped); on a line {@code END <n>} from the test it waits until the receiver has
 * {@code n} frames, drains the mirror and prints {@code RESULT key=value ...}. Mode {@code hold}: the consumer never
 * reads (a BLOCK mirror fills and the receiver stops polling); it waits to be killed.
 */
public final class RemoteRingChild
{
    private RemoteRingChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final RingPolicy policy = RingPolicy.valueOf(args[1]);
        final int slots = Integer.parseInt(args[2]);
        final int slotSize = Integer.parseInt(args[3]);
        final long slowFrames = Long.parseLong(args[4]);
        final long slowMs = Long.parseLong(args[5]);
        final boolean hold = args[6].equals("hold");
        final String channel = args.length > 7 ? args[7] : "aeron:udp?endpoint=127.0.0.1:0";
        try (TestAeron aeron = TestAeron.launch(dir.resolve("aeron"));
             RingBuffer mirror = RingBuffer.create(dir.resolve("mirror")).slotCount(slots).slotSize(slotSize)
                 .policy(policy).build();
             RingConsumer consumer = mirror.consumer("local");
             RingReceiver receiver = RingReceiver.builder(aeron.client(), mirror).channel(channel).build().start())
        {
            final String endpoint = receiver.resolvedEndpoint(Duration.ofSeconds(10));
            System.out.println("PORT " + endpoint.substring(endpoint.lastIndexOf(':') + 1));
            final Thread joined = new Thread(() ->
            {
                while (receiver.imagesJoined() == 0)
                {
                    io.tandem.test.TestJvm.sleep(5);
                }
                System.out.println("JOINED");
            }, "joined");
            joined.setDaemon(true);
            joined.start();
            if (hold)
            {
                Thread.sleep(120_000);
                return;
            }
            final AtomicLong end = new AtomicLong(-1);
            final Thread stdin = new Thread(() -> readEnd(end), "stdin");
            stdin.setDaemon(true);
            stdin.start();

            final byte[] scratch = new byte[slotSize];
            long last = -1;
            long bad = 0;
            long outOfOrder = 0;
            long skipped = 0;
            long read = 0;
            final long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
            while (System.nanoTime() - deadline < 0)
            {
                final Frame frame = consumer.receive(Duration.ofMillis(50));
                if (frame == null)
                {
                    final long n = end.get();
                    if (n >= 0 && receiver.framesReceived() >= n && consumer.lag() == 0)
                    {
                        break;
                    }
                    continue;
                }
                final long number = TestFrames.check(frame, scratch);
                final boolean intact = consumer.release();
                if (!intact)
                {
                    continue; // overwritten while read (OVERWRITE): counted by the consumer as dropped
                }
                if (number < 0)
                {
                    bad++;
                }
                else
                {
                    if (number <= last)
                    {
                        outOfOrder++;
                    }
                    else
                    {
                        skipped += number - last - 1;
                        last = number;
                    }
                }
                read++;
                if (slowFrames < 0 || read <= slowFrames)
                {
                    Thread.sleep(slowMs);
                }
            }
            System.out.println("RESULT consumed=" + consumer.consumed() + " dropped=" + consumer.dropped() + " bad=" + bad +
                " outOfOrder=" + outOfOrder + " skipped=" + skipped + " last=" + last + " received=" + receiver.framesReceived() +
                " missing=" + receiver.framesMissing() + " torn=" + receiver.framesTorn() + " rejected=" +
                receiver.framesRejected() + " stalls=" + receiver.stalls() + " imagesLost=" + receiver.imagesLost());
        }
    }

    private static void readEnd(final AtomicLong end)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                if (line.startsWith("END "))
                {
                    end.set(Long.parseLong(line.substring(4).trim()));
                }
            }
        }
        catch (final java.io.IOException ignored)
        {
            // the test went away; the deadline ends us
        }
    }
}

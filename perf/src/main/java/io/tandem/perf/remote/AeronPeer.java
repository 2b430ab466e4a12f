package io.tandem.perf.remote;

import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.tandem.perf.ChildJvm;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/**
 * The other JVM of a bare-Aeron baseline, written as Aeron's samples ({@code Pong}, {@code StreamingPublisher},
 * {@code RateSubscriber}) write it: its own embedded driver ({@link AeronMedia}), non-exclusive publications,
 * the samples' idle strategy ({@link AeronMedia#newIdleStrategy()}: busy spinning unless set otherwise) wherever it
 * waits for a message or for room, a fragment limit of 10. It prints {@link ChildJvm#READY} once connected; the end of its stdin ends it.
 * <ul>
 *   <li>{@code pong DIR PONG_PORT}: subscribes on a port of its own (printed {@code PORT p}) and offers every
 *       message back, unchanged, to {@code 127.0.0.1:PONG_PORT}.</li>
 *   <li>{@code subscribe DIR SIZE}: subscribes on a port of its own (printed {@code PORT p}); on each line
 *       {@code WINDOW n} it polls until n messages have come, checks each message's length and sequence number
 *       (the first long), and prints {@code RATE msgPerSecond messages bytes errors}, timed from its first message
 *       to its last.</li>
 *   <li>{@code publish DIR SIZE PORT}: publishes to {@code 127.0.0.1:PORT}; on each line {@code SEND n} it offers n
 *       messages of SIZE bytes from one reused buffer, numbered in their first long, retrying while back-pressured,
 *       and prints {@code SENT n backPressuredOffers}.</li>
 * </ul>
 */
public final class AeronPeer
{
    /** The stream the ping (and the throughput) goes on. */
    static final int PING_STREAM = 1002;
    /** The stream the pong comes back on. */
    static final int PONG_STREAM = 1003;
    /** As Aeron's samples ({@code aeron.sample.frameCountLimit}). */
    static final int FRAGMENT_LIMIT = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static volatile boolean running = true;

    private AeronPeer()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length < 3)
        {
            throw new IllegalArgumentException("usage: pong DIR PONG_PORT | subscribe DIR SIZE | publish DIR SIZE PORT");
        }
        try (AeronMedia media = AeronMedia.launch(Paths.get(args[1])))
        {
            switch (args[0])
            {
                case "pong":
                    pong(media, Integer.parseInt(args[2]));
                    break;
                case "subscribe":
                    subscribe(media, Integer.parseInt(args[2]));
                    break;
                case "publish":
                    publish(media, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                    break;
                default:
                    throw new IllegalArgumentException("unknown mode '" + args[0] + "': pong, subscribe or publish");
            }
        }
    }

    private static void pong(final AeronMedia media, final int pongPort)
    {
        try (Subscription pings = media.aeron().addSubscription(AeronMedia.ANY_PORT, PING_STREAM);
             Publication pongs = media.aeron().addPublication(AeronMedia.endpoint(pongPort), PONG_STREAM))
        {
            say("PORT " + AeronMedia.boundPort(pings, CONNECT_TIMEOUT));
            AeronMedia.await(() -> pings.isConnected() && pongs.isConnected(), CONNECT_TIMEOUT, "pong: ping image and pong publication");
            // The spinning loop below cannot read stdin: a daemon thread does, and ends the loop at its end.
            final Thread watcher = new Thread(AeronPeer::awaitEndOfInput, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
            say(ChildJvm.READY);
            final IdleStrategy idle = AeronMedia.newIdleStrategy();
            final FragmentHandler echo = (buffer, offset, length, header) ->
            {
                while (pongs.offer(buffer, offset, length) < 0L)
                {
                    idle.idle();
                }
            };
            final Image image = pings.imageAtIndex(0);
            while (running)
            {
                idle.idle(image.poll(echo, FRAGMENT_LIMIT));
            }
        }
    }

    private static void subscribe(final AeronMedia media, final int size) throws IOException
    {
        try (Subscription subscription = media.aeron().addSubscription(AeronMedia.ANY_PORT, PING_STREAM))
        {
            say("PORT " + AeronMedia.boundPort(subscription, CONNECT_TIMEOUT));
            AeronMedia.await(subscription::isConnected, CONNECT_TIMEOUT, "subscriber: image of the publisher");
            say(ChildJvm.READY);
            final Counter counter = new Counter(size);
            final FragmentHandler assembled = new FragmentAssembler(counter);
            final IdleStrategy idle = AeronMedia.newIdleStrategy();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null)
            {
                final long messages = Long.parseLong(line.substring("WINDOW ".length()).trim());
                counter.startWindow();
                final long until = counter.received + messages;
                while (counter.received < until)
                {
                    idle.idle(subscription.poll(assembled, FRAGMENT_LIMIT));
                }
                final double seconds = (counter.lastNs - counter.firstNs) / 1e9;
                // the first message starts the clock: the n-1 after it came in the time measured
                say(String.format(Locale.ROOT, "RATE %.1f %d %d %d", (messages - 1) / Math.max(seconds, 1e-9), messages,
                    counter.windowBytes, counter.errors));
            }
        }
    }

    private static void publish(final AeronMedia media, final int size, final int port) throws IOException
    {
        try (Publication publication = media.aeron().addPublication(AeronMedia.endpoint(port), PING_STREAM))
        {
            AeronMedia.await(publication::isConnected, CONNECT_TIMEOUT, "publisher: connection to the subscriber");
            say(ChildJvm.READY);
            final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(size, BitUtil.CACHE_LINE_LENGTH));
            final IdleStrategy idle = AeronMedia.newIdleStrategy();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            long sequence = 0;
            String line;
            while ((line = in.readLine()) != null)
            {
                final long messages = Long.parseLong(line.substring("SEND ".length()).trim());
                long backPressured = 0;
                for (long i = 0; i < messages; i++)
                {
                    buffer.putLong(0, sequence++);
                    long result;
                    while ((result = publication.offer(buffer, 0, size)) < 0L)
                    {
                        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                        {
                            throw new IllegalStateException("publisher: offer failed, " + Publication.errorString(result));
                        }
                        backPressured++;
                        idle.idle();
                    }
                }
                say("SENT " + messages + " " + backPressured);
            }
        }
    }

    /** Counts what the subscriber gets; a message of the wrong length or out of sequence is an error. */
    private static final class Counter implements FragmentHandler
    {
        private final int size;
        private long expected;
        long received;
        long windowBytes;
        long errors;
        long firstNs;
        long lastNs;
        private boolean first;

        Counter(final int size)
        {
            this.size = size;
        }

        void startWindow()
        {
            windowBytes = 0;
            first = true;
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final long now = System.nanoTime();
            if (first)
            {
                firstNs = now;
                first = false;
            }
            lastNs = now;
            if (length != size || buffer.getLong(offset) != expected)
            {
                errors++;
            }
            expected = buffer.getLong(offset) + 1;
            windowBytes += length;
            received++;
        }
    }

    private static void awaitEndOfInput()
    {
        try
        {
            while (System.in.read() >= 0)
            {
                // nothing is said to a pong after READY; its input only ends
            }
        }
        catch (final IOException ex)
        {
            // closed: the end as well
        }
        running = false;
    }

    private static void say(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }
}

package io.tandem.perf.remote;

import io.tandem.internal.runtime.FileTrees;
import io.tandem.perf.ChildJvm;
import io.tandem.remote.internal.AeronRuntime;
import io.tandem.remote.ring.RingSender;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingPolicy;
import io.tandem.ringbuffer.RingProducer;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Tandem side of {@code remote.64B} and {@code remote.1MiB}: a BLOCK ring in this JVM, its producer publishing
 * numbered messages (the first long) from this thread, a {@link RingSender} forwarding them to a
 * {@link RingReceiverPeer} in another JVM (a mirror ring of the same geometry, its consumer checking each message).
 * Fair to the bare-Aeron stream of the same run ({@link AeronStream}): the same 16 MiB term (Aeron's default for UDP),
 * Aeron's default MTU and receiver window, each JVM one embedded media driver in SHARED mode; the Aeron here is
 * Tandem's own ({@link AeronRuntime}), configured as users get it.
 *
 * <pre>{@code
 * try (RemoteStream stream = TandemRemoteRing.open(64, "round1"))
 * {
 *     double msgPerSecond = stream.window(1_000_000);
 * }
 * }</pre>
 */
public final class TandemRemoteRing implements RemoteStream
{
    /** Aeron's default UDP term length, the bare stream's. */
    static final int TERM_LENGTH = 16 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WINDOW_TIMEOUT = Duration.ofMinutes(3);

    private final Path dir;
    private final Path peerDir;
    private final AeronRuntime aeron;
    private final RingBuffer ring;
    private final RingProducer producer;
    private final RingSender sender;
    private final ChildJvm receiver;
    private final byte[] message;
    private long sequence;

    private TandemRemoteRing(final Path dir, final Path peerDir, final AeronRuntime aeron, final RingBuffer ring,
        final RingProducer producer, final RingSender sender, final ChildJvm receiver, final int size)
    {
        this.dir = dir;
        this.peerDir = peerDir;
        this.aeron = aeron;
        this.ring = ring;
        this.producer = producer;
        this.sender = sender;
        this.receiver = receiver;
        this.message = new byte[size];
    }

    /** @return slots for {@code size}-byte messages: 16 MiB of ring, at least 8 slots. */
    static int slotsFor(final int size)
    {
        return Math.max(8, TERM_LENGTH / size);
    }

    /** @return a stream of {@code size}-byte messages set up: the receiver JVM started, the sender connected. */
    public static RemoteStream open(final int size, final String tag) throws IOException
    {
        final Path dir = ChildJvm.shmFile("tandem-ring-tx-" + tag);
        final Path peerDir = ChildJvm.shmFile("tandem-ring-rx-" + tag);
        final int slots = slotsFor(size);
        ChildJvm receiver = null;
        AeronRuntime aeron = null;
        RingBuffer ring = null;
        RingProducer producer = null;
        RingSender sender = null;
        try
        {
            receiver = ChildJvm.start(List.of(), RingReceiverPeer.class, peerDir.toString(), Integer.toString(size),
                Integer.toString(slots));
            final String port = receiver.awaitLine("PORT", CONNECT_TIMEOUT)[1];
            receiver.awaitReady(CONNECT_TIMEOUT);
            aeron = AeronRuntime.embedded(dir.resolve("aeron"));
            ring = RingBuffer.create(dir.resolve("ring")).slotCount(slots).slotSize(size).policy(RingPolicy.BLOCK).build();
            producer = ring.producer();
            sender = RingSender.builder(aeron.aeron(), ring).endpoint("127.0.0.1:" + port).termLength(TERM_LENGTH).build().start();
            final RingSender s = sender;
            AeronMedia.await(s::isConnected, CONNECT_TIMEOUT, "ring sender: connection to the receiver");
            return new TandemRemoteRing(dir, peerDir, aeron, ring, producer, sender, receiver, size);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(sender, producer, ring, aeron, receiver);
            FileTrees.deleteRecursively(dir);
            FileTrees.deleteRecursively(peerDir);
            throw ex;
        }
    }

    @Override
    public double window(final long messages) throws IOException
    {
        if (messages < 2)
        {
            throw new IllegalArgumentException("a window needs at least 2 messages to time, not " + messages);
        }
        final OutputStream in = receiver.process().getOutputStream();
        in.write(("WINDOW " + messages + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
        for (long i = 0; i < messages; i++)
        {
            putLong(message, sequence++);
            producer.publish(message); // BLOCK: waits while the remote consumer is a ring behind
        }
        final String[] rate = receiver.awaitLine("RATE", WINDOW_TIMEOUT);
        final long errors = Long.parseLong(rate[4]);
        if (errors != 0)
        {
            throw new IllegalStateException("the remote ring's consumer saw " + errors + " of " + messages +
                " messages out of sequence or of the wrong size");
        }
        return Double.parseDouble(rate[1]);
    }

    /** Little-endian, as the consumer's {@code Frame.getLong(0)} reads it. */
    private static void putLong(final byte[] b, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[i] = (byte)(v >>> (8 * i));
        }
    }

    @Override
    public void close()
    {
        receiver.close(); // its input ends: it closes its receiver, mirror and driver, which remove their files
        CloseHelper.quietCloseAll(sender, producer, ring, aeron);
        FileTrees.deleteRecursively(dir);
        FileTrees.deleteRecursively(peerDir); // in case it had to be killed
    }
}

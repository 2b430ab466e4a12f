package io.tandem.perf.remote;

import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.tandem.internal.runtime.FileTrees;
import io.tandem.perf.ChildJvm;
import io.tandem.perf.rtt.RoundTrip;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Aeron's own ping-pong between two JVMs over loopback UDP, as its {@code Ping} sample runs it: this JVM pings
 * (an embedded driver, a publication to the pong's port, a subscription on its own), an {@link AeronPeer} pong in
 * another JVM echoes each message back. 32-byte messages (the samples' message length) carrying the value in their
 * first long, offered until accepted; the pinger polls the pong image until the echo of its value is there, idling
 * as the samples do ({@link AeronMedia#newIdleStrategy()}).
 *
 * <pre>{@code
 * try (RoundTrip trip = AeronPingPong.open("round1"))
 * {
 *     trip.roundTrip(1);
 * }
 * }</pre>
 */
final class AeronPingPong implements RoundTrip
{
    /** Aeron's samples' default message length ({@code aeron.sample.messageLength}). */
    static final int MESSAGE_LENGTH = 32;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final AeronMedia media;
    private final ChildJvm peer;
    private final Path peerDir;
    private final Subscription pongs;
    private final Publication pings;
    private final Image pongImage;
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MESSAGE_LENGTH, BitUtil.CACHE_LINE_LENGTH));
    private final IdleStrategy idle = AeronMedia.newIdleStrategy();
    private final FragmentHandler onPong = (buffer, offset, length, header) -> received = buffer.getLong(offset);
    private long received;

    private AeronPingPong(final AeronMedia media, final ChildJvm peer, final Path peerDir, final Subscription pongs,
        final Publication pings)
    {
        this.media = media;
        this.peer = peer;
        this.peerDir = peerDir;
        this.pongs = pongs;
        this.pings = pings;
        this.pongImage = pongs.imageAtIndex(0);
    }

    /** @return a ping-pong set up: the pong JVM started, both streams connected. */
    static RoundTrip open(final String tag) throws IOException
    {
        final Path peerDir = ChildJvm.shmFile("aeron-pong-" + tag);
        final AeronMedia media = AeronMedia.launch(ChildJvm.shmFile("aeron-ping-" + tag));
        ChildJvm peer = null;
        try
        {
            final Subscription pongs = media.aeron().addSubscription(AeronMedia.ANY_PORT, AeronPeer.PONG_STREAM);
            peer = ChildJvm.start(AeronMedia.peerOptions(), AeronPeer.class, "pong", peerDir.toString(),
                Integer.toString(AeronMedia.boundPort(pongs, CONNECT_TIMEOUT)));
            final int pingPort = Integer.parseInt(peer.awaitLine("PORT", CONNECT_TIMEOUT)[1]);
            final Publication pings = media.aeron().addPublication(AeronMedia.endpoint(pingPort), AeronPeer.PING_STREAM);
            peer.awaitReady(CONNECT_TIMEOUT);
            AeronMedia.await(() -> pings.isConnected() && pongs.isConnected(), CONNECT_TIMEOUT, "ping: pong image and ping publication");
            return new AeronPingPong(media, peer, peerDir, pongs, pings);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietClose(peer);
            media.close();
            FileTrees.deleteRecursively(peerDir);
            throw ex;
        }
    }

    @Override
    public void roundTrip(final long value)
    {
        buffer.putLong(0, value);
        while (pings.offer(buffer, 0, MESSAGE_LENGTH) < 0L)
        {
            idle.idle();
        }
        idle.reset();
        while (received != value)
        {
            idle.idle(pongImage.poll(onPong, AeronPeer.FRAGMENT_LIMIT));
        }
    }

    @Override
    public void close()
    {
        peer.close(); // its input ends: it leaves its loop and closes its driver, which deletes its directory
        media.close();
        FileTrees.deleteRecursively(peerDir); // in case it had to be killed
    }
}

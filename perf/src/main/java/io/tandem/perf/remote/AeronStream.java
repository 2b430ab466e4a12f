package io.tandem.perf.remote;

import io.tandem.internal.runtime.FileTrees;
import io.tandem.perf.ChildJvm;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Bare Aeron throughput between two JVMs over loopback UDP, as Aeron's {@code StreamingPublisher} and
 * {@code RateSubscriber} samples run it: a publisher JVM offering messages of one size from a reused buffer, a
 * subscriber JVM polling them (through a {@code FragmentAssembler}, busy-spinning) and counting them and their bytes,
 * each with its own embedded driver ({@link AeronPeer}). This JVM only orchestrates: a window is {@code WINDOW n} to
 * the subscriber, then {@code SEND n} to the publisher, and the subscriber's rate.
 *
 * <pre>{@code
 * try (RemoteStream stream = AeronStream.open(64, "round1"))
 * {
 *     double msgPerSecond = stream.window(1_000_000);
 * }
 * }</pre>
 */
final class AeronStream implements RemoteStream
{
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    /** The longest one window may take: a few seconds normally, much more only on a machine that is swapping. */
    private static final Duration WINDOW_TIMEOUT = Duration.ofMinutes(3);

    private final ChildJvm subscriber;
    private final ChildJvm publisher;
    private final Path subscriberDir;
    private final Path publisherDir;

    private AeronStream(final ChildJvm subscriber, final ChildJvm publisher, final Path subscriberDir, final Path publisherDir)
    {
        this.subscriber = subscriber;
        this.publisher = publisher;
        this.subscriberDir = subscriberDir;
        this.publisherDir = publisherDir;
    }

    /** @return a stream of {@code size}-byte messages set up: both JVMs started, the publication connected. */
    static RemoteStream open(final int size, final String tag) throws IOException
    {
        final Path subscriberDir = ChildJvm.shmFile("aeron-sub-" + tag);
        final Path publisherDir = ChildJvm.shmFile("aeron-pub-" + tag);
        ChildJvm subscriber = null;
        ChildJvm publisher = null;
        try
        {
            subscriber = ChildJvm.start(AeronMedia.peerOptions(), AeronPeer.class, "subscribe", subscriberDir.toString(),
                Integer.toString(size));
            final String port = subscriber.awaitLine("PORT", CONNECT_TIMEOUT)[1];
            publisher = ChildJvm.start(AeronMedia.peerOptions(), AeronPeer.class, "publish", publisherDir.toString(),
                Integer.toString(size), port);
            publisher.awaitReady(CONNECT_TIMEOUT);
            subscriber.awaitReady(CONNECT_TIMEOUT);
            return new AeronStream(subscriber, publisher, subscriberDir, publisherDir);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publisher, subscriber);
            FileTrees.deleteRecursively(publisherDir);
            FileTrees.deleteRecursively(subscriberDir);
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
        send(subscriber, "WINDOW " + messages); // first: it is polling when the first message comes
        send(publisher, "SEND " + messages);
        final String[] rate = subscriber.awaitLine("RATE", WINDOW_TIMEOUT);
        publisher.awaitLine("SENT", WINDOW_TIMEOUT);
        final long errors = Long.parseLong(rate[4]);
        if (errors != 0)
        {
            throw new IllegalStateException("the Aeron subscriber saw " + errors + " of " + messages +
                " messages out of sequence or of the wrong size");
        }
        return Double.parseDouble(rate[1]);
    }

    private static void send(final ChildJvm peer, final String line) throws IOException
    {
        final OutputStream in = peer.process().getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    @Override
    public void close()
    {
        publisher.close(); // the end of its input ends each: their drivers delete their directories
        subscriber.close();
        FileTrees.deleteRecursively(publisherDir); // in case one had to be killed
        FileTrees.deleteRecursively(subscriberDir);
    }
}

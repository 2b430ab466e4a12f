package io.tandem.remote.ring;

import io.aeron.Aeron;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import io.tandem.ringbuffer.FrameClaim;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingProducer;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.tandem.remote.ring.Bridges.add;
import static io.tandem.remote.ring.Bridges.increment;
import static io.tandem.remote.ring.RemoteFrameDescriptor.FLAGS_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.FLAG_JOIN;
import static io.tandem.remote.ring.RemoteFrameDescriptor.HEADER_LENGTH;
import static io.tandem.remote.ring.RemoteFrameDescriptor.LENGTH_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.RESERVED_TORN;
import static io.tandem.remote.ring.RemoteFrameDescriptor.SEQUENCE_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.TAG_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.TIMESTAMP_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.VERSION;
import static io.tandem.remote.ring.RemoteFrameDescriptor.VERSION_OFFSET;

/**
 * The destination half of a ring bridge: subscribes to a {@link RingSender}'s frames and publishes each into a local
 * <i>mirror</i> ring, of which it is the producer, with the original tag and timestamp. Local consumers of the mirror
 * ring read the remote frames as if they were produced on this host.
 *
 * <p>One copy per frame, from Aeron's term to the claimed mirror slot: a large frame is reassembled there fragment by
 * fragment; a batch of small ones (see {@link RemoteFrameDescriptor}) goes record by record, each into a slot of its
 * own. The mirror ring's policy says what a slow local consumer means:
 * <ul>
 * <li><b>BLOCK</b>: when the mirror ring is full the receiver stops polling (the fragment is left in Aeron's term,
 *     a batch resumed later at the record where it stopped), so Aeron's flow control holds the sender, whose
 *     consumer holds the source ring's producer: no loss end to end.</li>
 * <li><b>OVERWRITE</b>: the receiver never waits; the mirror ring's lapped consumers count their own drops.</li>
 * </ul>
 * When the sender's image goes away (sender closed, its host gone), the receiver counts it and logs it and keeps the
 * mirror ring and its producer role: a sender may come back (its first frame is flagged {@link
 * RemoteFrameDescriptor#FLAG_JOIN}). Gaps in the source sequence (frames the sender dropped) are counted in
 * {@link #framesMissing()}. The mirror ring's slot size must be at least the source ring's: a larger frame is
 * dropped, counted and logged.
 *
 * <pre>{@code
 * try (RingBuffer mirror = RingBuffer.create(path).slotCount(16).slotSize(1 << 20).policy(RingPolicy.BLOCK).build();
 *      RingReceiver receiver = RingReceiver.builder(aeron, mirror).endpoint("0.0.0.0:40500").build().start()) {
 *     ...                                   // local consumers read mirror; frames come from the sender
 * }
 * }</pre>
 */
public final class RingReceiver implements Agent, AutoCloseable, ControlledFragmentHandler
{
    /** Default fragments per poll. */
    public static final int DEFAULT_FRAGMENT_LIMIT = 64;

    private static final Logger LOG = LoggerFactory.getLogger(RingReceiver.class);

    private final RingBuffer ring;
    private final Subscription subscription;
    private final RingProducer producer;
    private final int fragmentLimit;
    private final int slotSize;
    private final UnsafeBuffer slot = new UnsafeBuffer(0, 0);
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MILLISECONDS.toNanos(1));

    // counters: single writer (the polling thread, or Aeron's conductor for the image ones), read by any
    // (Bridges.increment, add)
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong framesMissing = new AtomicLong();
    private final AtomicLong framesTorn = new AtomicLong();
    private final AtomicLong framesRejected = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private final AtomicLong imagesJoined = new AtomicLong();
    private final AtomicLong imagesLost = new AtomicLong();

    /** A message being reassembled into {@link #claim}. */
    private boolean inProgress;
    private int inSession;
    private FrameClaim claim;
    private int frameLength;
    private int written;
    private int tag;
    private long timestamp;
    private long sequence;
    private boolean stalled;
    private boolean haveExpected;
    private long expectedSequence;
    private boolean oversizeLogged;
    /**
     * A batch left part-way (mirror full): its image ({@code Header.context()}), position and the records of it already
     * published. While it is set, other images' whole messages wait (ABORT), so it is the next one taken.
     */
    private Object resumeImage;
    private long resumePosition;
    private int resumeRecords;
    /** Frames published since the last duty cycle returned: work even when the poll's count says none (a batch ABORTed part-way). */
    private int published;

    private final OwnThread own = new OwnThread();
    private boolean closed;

    private RingReceiver(final Builder builder, final String channel)
    {
        this.ring = builder.ring;
        this.fragmentLimit = builder.fragmentLimit;
        this.slotSize = ring.slotSize();
        this.producer = ring.producer();
        try
        {
            this.subscription = builder.aeron.addSubscription(channel, builder.streamId, this::onAvailable, this::onUnavailable);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(producer);
            throw ex;
        }
    }

    /**
     * Starts building a receiver that publishes into {@code mirror} (it takes the producer role there) from a
     * subscription through {@code aeron}.
     *
     * <pre>{@code
     * RingReceiver receiver = RingReceiver.builder(aeron, mirror).endpoint("127.0.0.1:0").build();
     * String bound = receiver.resolvedEndpoint(Duration.ofSeconds(5));      // "127.0.0.1:43127"
     * }</pre>
     */
    public static Builder builder(final Aeron aeron, final RingBuffer mirror)
    {
        return new Builder(aeron, mirror);
    }

    /**
     * Starts its own thread, {@code ring-receiver-<ring file name>}: it polls Aeron and backs off (up to 1 ms
     * between polls) when there is nothing to do.
     *
     * @return this.
     */
    public synchronized RingReceiver start()
    {
        own.start(roleName(), this::run, closed, "receiver of " + ring.path());
        return this;
    }

    private void run()
    {
        try
        {
            while (own.running())
            {
                idle.idle(doWork());
            }
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("ring receiver into {} stopped", ring.path(), ex);
            own.halt();
        }
    }

    /** One duty cycle: polls up to the fragment limit. @return fragments taken. */
    @Override
    public int doWork()
    {
        if (closed)
        {
            return 0;
        }
        final int fragments = subscription.controlledPoll(this, fragmentLimit);
        final int work = fragments + published; // an ABORTed batch's fragment is not counted, its published frames are
        published = 0;
        return work;
    }

    /**
     * @return the endpoint the subscription is bound to ({@code host:port}, the port resolved when 0 was asked for),
     * waiting up to {@code timeout} for the driver to bind it.
     * @throws IllegalStateException if it is not bound in time.
     */
    public String resolvedEndpoint(final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final String endpoint = subscription.tryResolveChannelEndpointPort();
            if (endpoint != null)
            {
                final String e = Bridges.endpointOf(endpoint);
                return e != null ? e : endpoint;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("subscription " + subscription.channel() + " was not bound within " +
                    timeout.toMillis() + " ms");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final byte flags = header.flags();
        final boolean begin = (flags & FrameDescriptor.BEGIN_FRAG_FLAG) != 0;
        final boolean end = (flags & FrameDescriptor.END_FRAG_FLAG) != 0;
        final int session = header.sessionId();
        if (inProgress)
        {
            if (session != inSession)
            {
                if (subscription.imageBySessionId(inSession) != null)
                {
                    return Action.ABORT; // another sender's message waits until this one is whole
                }
                abandon("its sender's image went away mid-frame");
            }
            else if (begin)
            {
                abandon("a new frame began before it ended");
            }
        }
        if (begin)
        {
            // a whole message (one record, or a batch of small ones) or the first fragment of a large frame
            return end ? records(buffer, offset, length, header, session) : begin(buffer, offset, length, session);
        }
        if (!inProgress)
        {
            return Action.CONTINUE; // the rest of a message we rejected, or whose start we never saw
        }
        if (written + length > frameLength)
        {
            abandon("its fragments hold more than the " + frameLength + " bytes its header says");
            return Action.CONTINUE;
        }
        slot.putBytes(written, buffer, offset, length);
        written += length;
        if (end)
        {
            finish(header);
        }
        return Action.CONTINUE;
    }

    /**
     * A message that came whole: its records, each into a mirror slot of its own. When the mirror is full part-way
     * (BLOCK) the message is left in the term ({@code ABORT}) and the records already published are remembered by the
     * message's position, so that its redelivery resumes after them: none is published twice.
     */
    private Action records(final DirectBuffer buffer, final int offset, final int length, final Header header,
        final int session)
    {
        final long position = header.position();
        final Object image = header.context(); // the Image: a session id may come back on a new one
        if (resumeImage != null && resumeImage != image)
        {
            if (!((Image)resumeImage).isClosed())
            {
                return Action.ABORT; // another sender's batch is part-way: it finishes first, or its records repeat
            }
            resumeImage = null; // its sender is gone: what it left is not coming back
        }
        final int skip = image == resumeImage && position == resumePosition ? resumeRecords : 0;
        resumeImage = null;
        final boolean torn = header.reservedValue() == RESERVED_TORN; // a one-record message overwritten while sent
        final int end = offset + length;
        int at = offset;
        for (int index = 0; end - at >= HEADER_LENGTH; index++)
        {
            final int version = buffer.getInt(at + VERSION_OFFSET);
            final int payloadLength = buffer.getInt(at + LENGTH_OFFSET);
            if (version != VERSION || payloadLength < 0 || payloadLength > end - at - HEADER_LENGTH)
            {
                LOG.warn("ring receiver into {}: dropped the rest of a message of session {} from its record {}: not a " +
                    "version-{} ring frame record (version {}, payload length {}, {} bytes left)", ring.path(), session,
                    index, VERSION, version, payloadLength, end - at - HEADER_LENGTH);
                reject();
                return Action.CONTINUE;
            }
            if (index >= skip && !record(buffer, at, payloadLength, torn))
            {
                resumeImage = image;
                resumePosition = position;
                resumeRecords = index;
                return Action.ABORT; // BLOCK mirror full: the rest waits in the term; flow control holds the sender
            }
            at += RemoteFrameDescriptor.recordLength(payloadLength);
        }
        return Action.CONTINUE;
    }

    /**
     * One whole record at {@code at} into a mirror slot of its own (a record too large for the mirror's slots is
     * dropped and counted).
     *
     * @return false if the mirror is full (BLOCK): nothing of the record was taken.
     */
    private boolean record(final DirectBuffer buffer, final int at, final int payloadLength, final boolean torn)
    {
        if (payloadLength > slotSize)
        {
            oversize(payloadLength);
            return true;
        }
        final FrameClaim c = producer.tryClaim();
        if (c == null)
        {
            stall();
            return false;
        }
        stalled = false;
        final long seq = buffer.getLong(at + SEQUENCE_OFFSET);
        joined(buffer.getInt(at + FLAGS_OFFSET), seq);
        if (!torn)
        {
            slot.wrap(c.address(), c.capacity());
            slot.putBytes(0, buffer, at + HEADER_LENGTH, payloadLength);
        }
        complete(c, torn, payloadLength, buffer.getInt(at + TAG_OFFSET), buffer.getLong(at + TIMESTAMP_OFFSET), seq);
        return true;
    }

    private void oversize(final int payloadLength)
    {
        if (!oversizeLogged)
        {
            oversizeLogged = true;
            LOG.error("ring receiver into {}: a frame of {} bytes does not fit the mirror ring's {}-byte slots; such " +
                "frames are dropped (counted in framesRejected): make the mirror's slots as large as the source's",
                ring.path(), payloadLength, slotSize);
        }
        reject();
    }

    private void stall()
    {
        if (!stalled)
        {
            stalled = true;
            increment(stalls);
        }
    }

    /** A frame's flags: the first after its sender (re)joined starts the gap count (as does the first ever seen). */
    private void joined(final int flags, final long seq)
    {
        if ((flags & FLAG_JOIN) != 0 || !haveExpected)
        {
            haveExpected = true;
            expectedSequence = seq;
        }
    }

    /** Counts the gap before the frame {@code seq}, if any, and expects the next one after it. */
    private void sequenced(final long seq)
    {
        if (seq > expectedSequence)
        {
            add(framesMissing, seq - expectedSequence);
        }
        else if (seq < expectedSequence)
        {
            LOG.warn("ring receiver into {}: frame {} came after frame {}, out of order", ring.path(), seq,
                expectedSequence - 1);
        }
        expectedSequence = seq + 1;
    }

    /** The first fragment of a frame too large for one datagram. */
    private Action begin(final DirectBuffer buffer, final int offset, final int length, final int session)
    {
        if (length < HEADER_LENGTH || buffer.getInt(offset + VERSION_OFFSET) != VERSION)
        {
            LOG.warn("ring receiver into {}: dropped a message of session {} that is not a version-{} ring frame " +
                "(length {}, version {})", ring.path(), session, VERSION, length,
                length >= HEADER_LENGTH ? buffer.getInt(offset + VERSION_OFFSET) : -1);
            reject();
            return Action.CONTINUE;
        }
        final int payloadLength = buffer.getInt(offset + LENGTH_OFFSET);
        if (payloadLength < 0 || payloadLength > slotSize)
        {
            oversize(payloadLength);
            return Action.CONTINUE;
        }
        final FrameClaim c = producer.tryClaim();
        if (c == null)
        {
            stall();
            return Action.ABORT; // BLOCK mirror full: leave it in the term, so Aeron's flow control holds the sender
        }
        stalled = false;
        claim = c;
        slot.wrap(c.address(), c.capacity());
        sequence = buffer.getLong(offset + SEQUENCE_OFFSET);
        timestamp = buffer.getLong(offset + TIMESTAMP_OFFSET);
        tag = buffer.getInt(offset + TAG_OFFSET);
        frameLength = payloadLength;
        joined(buffer.getInt(offset + FLAGS_OFFSET), sequence);
        inProgress = true;
        inSession = session;
        written = 0;
        final int first = length - HEADER_LENGTH;
        if (first > frameLength)
        {
            abandon("its first fragment holds more than the " + frameLength + " bytes its header says");
            return Action.CONTINUE;
        }
        slot.putBytes(0, buffer, offset + HEADER_LENGTH, first);
        written = first;
        return Action.CONTINUE;
    }

    private void finish(final Header header)
    {
        inProgress = false;
        if (written != frameLength)
        {
            claim.abort();
            increment(framesRejected);
            LOG.warn("ring receiver into {}: frame {} ended after {} of its {} bytes; dropped", ring.path(), sequence,
                written, frameLength);
            return;
        }
        complete(claim, header.reservedValue() == RESERVED_TORN, frameLength, tag, timestamp, sequence);
    }

    /**
     * Publishes the frame written into {@code c}, or aborts it if its sender marked it torn (overwritten at the source
     * while it was sent); counts it, and the gap before it.
     */
    private void complete(final FrameClaim c, final boolean torn, final int length, final int frameTag,
        final long frameTimestamp, final long frameSequence)
    {
        if (torn)
        {
            c.abort();
            increment(framesTorn);
        }
        else
        {
            c.publish(length, frameTag, frameTimestamp);
            published++;
            increment(framesReceived);
            add(bytesReceived, length);
        }
        sequenced(frameSequence);
    }

    private void abandon(final String why)
    {
        inProgress = false;
        claim.abort();
        increment(framesRejected);
        LOG.warn("ring receiver into {}: frame {} dropped: {}", ring.path(), sequence, why);
    }

    /** A message not taken: its later fragments find no frame in progress and are passed over. */
    private void reject()
    {
        increment(framesRejected);
    }

    private void onAvailable(final Image image)
    {
        increment(imagesJoined);
        LOG.info("ring receiver into {}: sender {} (session {}) connected", ring.path(), image.sourceIdentity(),
            image.sessionId());
    }

    private void onUnavailable(final Image image)
    {
        increment(imagesLost);
        LOG.warn("ring receiver into {}: sender {} (session {}) went away after {} bytes; the mirror ring stays, " +
            "ready for a sender to come back", ring.path(), image.sourceIdentity(), image.sessionId(), image.position());
    }

    @Override
    public String roleName()
    {
        return "ring-receiver-" + ring.path().getFileName();
    }

    /** Called by an Agrona runner that ran it: closes the subscription and gives up the mirror's producer role. */
    @Override
    public void onClose()
    {
        release();
    }

    /** Stops its thread (if started), closes the subscription and gives up the mirror ring's producer role. */
    @Override
    public void close()
    {
        if (!own.stop())
        {
            LOG.warn("ring receiver into {}: its thread did not stop within {} ms", ring.path(), OwnThread.JOIN_MILLIS);
        }
        release();
    }

    private synchronized void release()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (inProgress)
        {
            inProgress = false;
            claim.abort();
        }
        CloseHelper.closeAll(subscription, producer);
    }

    /** @return frames published into the mirror ring. */
    public long framesReceived()
    {
        return framesReceived.get();
    }

    /** @return payload bytes of the frames received. */
    public long bytesReceived()
    {
        return bytesReceived.get();
    }

    /** @return gaps in the source sequence: frames the sender dropped (OVERWRITE), counted from its last join. */
    public long framesMissing()
    {
        return framesMissing.get();
    }

    /** @return frames the sender marked torn (overwritten at the source while sent): never published. */
    public long framesTorn()
    {
        return framesTorn.get();
    }

    /** @return messages dropped as malformed, too large for the mirror's slots, or cut short by a lost image. */
    public long framesRejected()
    {
        return framesRejected.get();
    }

    /** @return times the mirror ring was full (BLOCK) and polling stopped, holding the sender back. */
    public long stalls()
    {
        return stalls.get();
    }

    /** @return senders' images that became available. */
    public long imagesJoined()
    {
        return imagesJoined.get();
    }

    /** @return senders' images that went away. */
    public long imagesLost()
    {
        return imagesLost.get();
    }

    /** @return whether a sender is connected. */
    public boolean isConnected()
    {
        return subscription.isConnected();
    }

    /** @return the mirror ring. */
    public RingBuffer ring()
    {
        return ring;
    }

    @Override
    public String toString()
    {
        return "RingReceiver{" + subscription.channel() + " -> " + ring.path() + ", received=" + framesReceived() +
            ", missing=" + framesMissing() + ", stalls=" + stalls() + ", imagesLost=" + imagesLost() + '}';
    }

    /**
     * Settings of a {@link RingReceiver}: where to listen (an endpoint or a whole channel URI), the stream.
     *
     * <pre>{@code
     * RingReceiver receiver = RingReceiver.builder(aeron, mirror).endpoint("0.0.0.0:40500").build().start();
     * }</pre>
     */
    public static final class Builder
    {
        private final Aeron aeron;
        private final RingBuffer ring;
        private String channel;
        private int streamId = RingSender.DEFAULT_STREAM_ID;
        private int fragmentLimit = DEFAULT_FRAGMENT_LIMIT;

        private Builder(final Aeron aeron, final RingBuffer ring)
        {
            this.aeron = Objects.requireNonNull(aeron, "aeron");
            this.ring = Objects.requireNonNull(ring, "mirror ring");
        }

        /** The local {@code host:port} to listen on (port 0: any; see {@link #resolvedEndpoint}). */
        public Builder endpoint(final String endpoint)
        {
            this.channel = Bridges.udpChannel(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** A whole Aeron subscription channel URI instead of {@link #endpoint} (a receiver window, say). */
        public Builder channel(final String channel)
        {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /** Aeron stream id; the sender's. Default {@value RingSender#DEFAULT_STREAM_ID}. */
        public Builder streamId(final int streamId)
        {
            this.streamId = streamId;
            return this;
        }

        /** Fragments per poll, at least 1. Default {@value RingReceiver#DEFAULT_FRAGMENT_LIMIT}. */
        public Builder fragmentLimit(final int fragmentLimit)
        {
            if (fragmentLimit < 1)
            {
                throw new IllegalArgumentException("fragmentLimit must be at least 1, got " + fragmentLimit);
            }
            this.fragmentLimit = fragmentLimit;
            return this;
        }

        /**
         * Takes the mirror ring's producer role and adds the subscription.
         *
         * @throws IllegalArgumentException if no endpoint or channel was given.
         * @throws io.tandem.ringbuffer.RingBufferException if another live producer holds the mirror ring.
         */
        public RingReceiver build()
        {
            if (channel == null)
            {
                throw new IllegalArgumentException("a RingReceiver needs an endpoint(\"host:port\") or a channel(uri) to listen on");
            }
            return new RingReceiver(this, channel);
        }
    }
}

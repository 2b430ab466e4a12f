package io.tandem.remote.ring;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.ReservedValueSupplier;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.tandem.idle.WaitMode;
import io.tandem.ringbuffer.Frame;
import io.tandem.ringbuffer.RingBuffer;
import io.tandem.ringbuffer.RingBufferDescriptor;
import io.tandem.ringbuffer.RingConsumer;
import io.tandem.ringbuffer.RingPolicy;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.tandem.remote.ring.Bridges.add;
import static io.tandem.remote.ring.Bridges.increment;
import static io.tandem.remote.ring.RemoteFrameDescriptor.FLAGS_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.FLAG_JOIN;
import static io.tandem.remote.ring.RemoteFrameDescriptor.HEADER_LENGTH;
import static io.tandem.remote.ring.RemoteFrameDescriptor.LENGTH_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.RESERVED_INTACT;
import static io.tandem.remote.ring.RemoteFrameDescriptor.RESERVED_TORN;
import static io.tandem.remote.ring.RemoteFrameDescriptor.SEQUENCE_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.TAG_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.TIMESTAMP_OFFSET;
import static io.tandem.remote.ring.RemoteFrameDescriptor.VERSION;
import static io.tandem.remote.ring.RemoteFrameDescriptor.VERSION_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * The source half of a ring bridge: a consumer of a local ring that forwards every frame to one
 * {@link RingReceiver} on another host (or, on a multicast channel, to a group of them) as Aeron messages laid out by
 * {@link RemoteFrameDescriptor}: a frame larger than a datagram's payload is a message of its own, its payload copied
 * by Aeron straight from the mapped slot into its term (the sender makes no copy of its own); smaller frames are
 * copied, as many as the ring holds at the time, into one message of at most a datagram's payload.
 *
 * <p>It registers on the ring as an ordinary consumer (named {@code "remote:<endpoint>"} unless told otherwise), so
 * the ring's policy decides what a slow remote side means:
 * <ul>
 * <li><b>BLOCK</b>: a frame Aeron does not take (back-pressured, or not connected) is kept, its slot not released
 *     (or, a small one, kept in the batch, and nothing more read meanwhile), so the local producer is gated end to
 *     end: nothing is lost while the remote side lives. When the publication
 *     has been not connected for the liveness timeout (default 3 s) the sender deregisters (the producer is no
 *     longer held), counts an eviction and logs it; it registers again, at the newest frame, once the publication
 *     is connected again.</li>
 * <li><b>OVERWRITE</b>: the producer is never held. When Aeron is back-pressured and newer frames exist, the sender
 *     skips to the newest and counts what it skipped; a frame overwritten while it was copied is marked torn and
 *     never delivered.</li>
 * </ul>
 *
 * <p>Run it on a thread of its own ({@link #start()}; asleep on the ring's doorbell when there is nothing to send) or
 * compose it as an Agrona {@link Agent} ({@link #doWork()}) on a runner of yours, which then calls {@link #onClose()}
 * (close the runner, not the sender); not both. Statistics are readable from any thread.
 *
 * <pre>{@code
 * try (RingBuffer ring = RingBuffer.attach(path).build();
 *      RingSender sender = RingSender.builder(aeron, ring).endpoint("10.0.0.7:40500").build().start()) {
 *     ...                                   // frames published on the ring now reach 10.0.0.7
 *     System.out.println(sender.framesSent() + " sent, " + sender.framesDropped() + " dropped");
 * }
 * }</pre>
 */
public final class RingSender implements Agent, AutoCloseable
{
    /** Default Aeron stream id of ring bridges. */
    public static final int DEFAULT_STREAM_ID = 1601;
    /** Default liveness timeout: how long the publication may be not connected before the consumer is evicted. */
    public static final Duration DEFAULT_LIVENESS_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(RingSender.class);
    /** Longest sleep on the ring's doorbell on its own thread: the bound on noticing close and liveness. */
    private static final long FRAME_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RingBuffer ring;
    private final ExclusivePublication publication;
    private final String consumerName;
    private final WaitMode waitMode;
    private final boolean overwrite;
    private final long livenessTimeoutNs;
    private final String channel;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final ReservedValueSupplier tornCheck = this::tornCheck;
    /** Small frames, copied in whole records, sent as one Aeron message (see {@link RemoteFrameDescriptor}, batches). */
    private final UnsafeBuffer batch;
    private int batchLength;
    private int batchFrames;
    private long batchBytes;
    /** The batch's first record carries {@link RemoteFrameDescriptor#FLAG_JOIN}. */
    private boolean batchJoin;
    private final IdleStrategy backoff = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MILLISECONDS.toNanos(1));

    // counters: written by the sending thread only, read by any (Bridges.increment, add)
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong framesTorn = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong joins = new AtomicLong();

    private RingConsumer consumer;
    /** Whether {@link #consumer} is registered, for other threads. */
    private volatile boolean registered;
    private boolean holding;
    private boolean stalled;
    private boolean joinPending;
    private long heldSequence;
    private long heldStampAddress;
    private long expectedSequence;
    private long lastConnectedNs;
    private boolean torn;
    private final OwnThread own = new OwnThread();
    private boolean closed;

    private RingSender(final Builder builder, final String channel)
    {
        this.ring = builder.ring;
        this.consumerName = builder.consumerName != null ? builder.consumerName : "remote:" + builder.endpointName();
        this.waitMode = builder.waitMode;
        this.overwrite = ring.policy() == RingPolicy.OVERWRITE;
        this.livenessTimeoutNs = builder.livenessTimeout.toNanos();
        this.channel = channel;
        this.publication = builder.aeron.addExclusivePublication(channel, builder.streamId);
        // one datagram's payload: a batch is never fragmented, so a receiver takes or leaves it whole
        this.batch = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(publication.maxPayloadLength()));
        try
        {
            join();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(publication);
            throw ex;
        }
        this.lastConnectedNs = System.nanoTime();
        header.putInt(VERSION_OFFSET, VERSION);
    }

    /**
     * Starts building a sender of {@code ring}'s frames through {@code aeron} (a client of the media driver of this
     * host).
     *
     * <pre>{@code
     * RingSender sender = RingSender.builder(aeron, ring).endpoint("10.0.0.7:40500").streamId(1601).build();
     * }</pre>
     */
    public static Builder builder(final Aeron aeron, final RingBuffer ring)
    {
        return new Builder(aeron, ring);
    }

    /**
     * Starts the sender's own thread, named {@code ring-sender-<consumer name>}: it sleeps on the ring's doorbell
     * while there is nothing to send, and backs off (up to 1 ms) while Aeron is back-pressured.
     *
     * @return this.
     * @throws IllegalStateException if it was started already or closed.
     */
    public synchronized RingSender start()
    {
        own.start(roleName(), this::run, closed, "sender " + consumerName);
        return this;
    }

    private void run()
    {
        try
        {
            while (own.running())
            {
                if (doWork() > 0)
                {
                    backoff.reset();
                }
                else if (consumer != null && !holding && batchLength == 0) // nothing held: only a frame can bring work
                {
                    final long start = System.nanoTime();
                    final Frame frame = consumer.receive(FRAME_WAIT_NS, TimeUnit.NANOSECONDS); // asleep on the doorbell
                    if (frame != null)
                    {
                        adopt(frame);
                    }
                    else if (System.nanoTime() - start < FRAME_WAIT_NS / 2)
                    {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // abandoned ring: no doorbell to sleep on
                    }
                }
                else
                {
                    backoff.idle();
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            LOG.error("ring sender {} on {} stopped", consumerName, ring.path(), ex);
            own.halt();
        }
    }

    /**
     * One duty cycle: forwards at most one frame (or retries the one Aeron refused), checks liveness.
     *
     * @return 1 if it did something, 0 if there was nothing to do.
     */
    @Override
    public int doWork()
    {
        if (closed)
        {
            return 0;
        }
        final long now = System.nanoTime();
        if (consumer == null)
        {
            if (publication.isConnected())
            {
                join();
                lastConnectedNs = now;
                return 1;
            }
            return 0;
        }
        if (batchLength > 0)
        {
            return sendBatch(now);
        }
        if (!holding)
        {
            final Frame frame = consumer.tryReceive();
            if (frame == null)
            {
                return checkLiveness(now);
            }
            adopt(frame);
        }
        if (RemoteFrameDescriptor.recordLength(payload.capacity()) > batch.capacity())
        {
            return send(now); // a large frame: one message of its own, copied by Aeron straight from the slot
        }
        // Small frames: what the ring holds now goes in one message, up to a datagram's payload. Aeron batches
        // messages into datagrams too, but each message costs its own 32-byte header, offer and poll.
        stageHeld();
        while (true)
        {
            final Frame next = consumer.tryReceive();
            if (next == null)
            {
                break;
            }
            adopt(next);
            if (batchLength + RemoteFrameDescriptor.recordLength(payload.capacity()) > batch.capacity())
            {
                break; // held: the first of the next message
            }
            stageHeld();
        }
        return batchLength > 0 ? sendBatch(now) : 1; // 0: every frame staged was lapped or torn, and counted
    }

    /**
     * Copies the held frame into the batch as a record and releases its slot (the batch holds it now, not the ring:
     * a BLOCK producer is still gated, since nothing more is read until the batch is sent). On an OVERWRITE ring the
     * slot's stamp is checked before the copy (lapped: dropped) and after it (torn: dropped): the sequence lock's read.
     */
    private void stageHeld()
    {
        if (heldOverwritten())
        {
            dropHeldLapped(); // lapped before it was read
            return;
        }
        holding = false;
        expectedSequence = heldSequence + 1;
        final int length = payload.capacity();
        batch.putBytes(batchLength, header, 0, HEADER_LENGTH);
        batch.putBytes(batchLength + HEADER_LENGTH, payload, 0, length);
        VarHandle.loadLoadFence(); // the copy's loads before the stamp's re-read: the sequence lock's validation
        if (heldOverwritten())
        {
            consumer.release();
            increment(framesTorn); // overwritten while copied: never sent
            increment(framesDropped);
            return;
        }
        consumer.release();
        if (joinPending)
        {
            joinPending = false; // this record carries the flag (given back should the batch be dropped)
            batchJoin = true;
        }
        batchLength += RemoteFrameDescriptor.recordLength(length);
        batchFrames++;
        batchBytes += length;
    }

    private int sendBatch(final long now)
    {
        final long result = publication.offer(batch, 0, batchLength);
        if (result > 0)
        {
            add(framesSent, batchFrames);
            add(bytesSent, batchBytes);
            clearBatch();
            stalled = false;
            lastConnectedNs = now;
            return 1;
        }
        return refused(result, now);
    }

    /**
     * @return true if the held frame's slot no longer holds it: the OVERWRITE producer has rewritten it (acquire: pairs
     * with the producer's release of the slot's stamp). Always false on BLOCK.
     */
    private boolean heldOverwritten()
    {
        return overwrite && MEMORY.readVolatileLong(heldStampAddress) != RingBufferDescriptor.committedStamp(heldSequence);
    }

    /** The held frame was lapped before any of it was sent: released and counted as dropped. */
    private void dropHeldLapped()
    {
        holding = false;
        expectedSequence = heldSequence + 1;
        consumer.release();
        increment(framesDropped);
    }

    private void clearBatch()
    {
        batchLength = 0;
        batchFrames = 0;
        batchBytes = 0;
        batchJoin = false;
    }

    /** A held batch that will not be sent: its frames count as dropped; a join it carried goes with the next frame. */
    private void dropBatch()
    {
        add(framesDropped, batchFrames);
        joinPending |= batchJoin;
        clearBatch();
    }

    private void adopt(final Frame frame)
    {
        final long sequence = frame.sequence();
        if (sequence != expectedSequence)
        {
            // the ring lapped our consumer (OVERWRITE): those frames never reached us
            add(framesDropped, sequence - expectedSequence);
        }
        heldSequence = sequence;
        heldStampAddress = frame.address() - RingBufferDescriptor.SLOT_HEADER_LENGTH + RingBufferDescriptor.SLOT_STAMP_OFFSET;
        payload.wrap(frame.address(), frame.length());
        header.putLong(SEQUENCE_OFFSET, sequence);
        header.putLong(TIMESTAMP_OFFSET, frame.timestamp());
        header.putInt(TAG_OFFSET, frame.tag());
        header.putInt(LENGTH_OFFSET, frame.length());
        header.putInt(FLAGS_OFFSET, joinPending ? FLAG_JOIN : 0);
        holding = true;
        stalled = false;
        torn = false;
    }

    private int send(final long now)
    {
        if (heldOverwritten())
        {
            dropHeldLapped(); // lapped while Aeron refused it: never sent
            return 1;
        }
        final long result = overwrite ?
            publication.offer(header, 0, HEADER_LENGTH, payload, 0, payload.capacity(), tornCheck) :
            publication.offer(header, 0, HEADER_LENGTH, payload, 0, payload.capacity());
        if (result > 0)
        {
            holding = false;
            joinPending = false;
            expectedSequence = heldSequence + 1;
            consumer.release(); // OVERWRITE: false if overwritten after our last check; what we sent was intact
            if (torn)
            {
                increment(framesTorn);
                increment(framesDropped);
            }
            else
            {
                increment(framesSent);
                add(bytesSent, payload.capacity());
            }
            lastConnectedNs = now;
            return 1;
        }
        return refused(result, now);
    }

    /** Aeron did not take the held frame or batch ({@code result}): a stall, or, past the liveness timeout, an eviction. */
    private int refused(final long result, final long now)
    {
        if (result == Publication.ADMIN_ACTION)
        {
            return 1; // the term rotated: nothing was refused, offer again at once (no stall, nothing skipped)
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.NOT_CONNECTED)
        {
            if (!stalled)
            {
                stalled = true;
                increment(stalls);
            }
            if (result != Publication.NOT_CONNECTED)
            {
                lastConnectedNs = now;
            }
            // lag counts a held frame itself: more than that means newer ones wait
            if (overwrite && consumer.lag() > (holding ? 1 : 0))
            {
                dropBatch();
                skipToNewest();
                return 1;
            }
            return checkLiveness(now);
        }
        throw new IllegalStateException("ring sender " + consumerName + ": Aeron publication " + channel + " failed: " +
            Publication.errorString(result));
    }

    /** OVERWRITE, Aeron refused what the sender holds and newer frames wait: drop all but the newest. */
    private void skipToNewest()
    {
        if (holding)
        {
            holding = false;
            consumer.release();
            increment(framesDropped);
            expectedSequence = heldSequence + 1;
        }
        while (consumer.lag() > 1)
        {
            final Frame frame = consumer.tryReceive();
            if (frame == null)
            {
                break;
            }
            add(framesDropped, frame.sequence() + 1 - expectedSequence); // itself, and any the ring lapped
            expectedSequence = frame.sequence() + 1;
            consumer.release();
        }
    }

    /** @return 0; evicts our consumer if the publication has not been connected for the liveness timeout. */
    private int checkLiveness(final long now)
    {
        if (publication.isConnected())
        {
            lastConnectedNs = now;
            return 0;
        }
        if (now - lastConnectedNs >= livenessTimeoutNs)
        {
            evict(now);
        }
        return 0;
    }

    private void evict(final long now)
    {
        if (holding)
        {
            holding = false;
            increment(framesDropped); // never sent: lost to this remote consumer
        }
        dropBatch(); // the same
        consumer.close();
        consumer = null;
        registered = false;
        increment(evictions);
        LOG.warn("ring {}: remote consumer '{}' ({}) evicted: its publication was not connected for {} ms (liveness " +
            "timeout {} ms); the ring's producer is no longer held by it; it rejoins at the newest frame when the " +
            "remote side connects again", ring.path(), consumerName, channel, (now - lastConnectedNs) / 1_000_000,
            livenessTimeoutNs / 1_000_000);
    }

    private void join()
    {
        consumer = ring.consumer(consumerName, waitMode);
        registered = true;
        expectedSequence = consumer.position();
        joinPending = true;
        increment(joins);
        if (joins.get() > 1)
        {
            LOG.info("ring {}: remote consumer '{}' ({}) rejoined at frame {}", ring.path(), consumerName, channel,
                expectedSequence);
        }
    }

    /** Aeron calls it after copying each fragment, before committing it: the sequence lock's re-check. */
    private long tornCheck(final DirectBuffer termBuffer, final int termOffset, final int frameLength)
    {
        // Aeron's copy of the fragment before the stamp's re-read (a volatile read alone does not order earlier
        // plain loads); a changed stamp means the slot was rewritten meanwhile
        VarHandle.loadLoadFence();
        if (torn || heldOverwritten())
        {
            torn = true;
            return RESERVED_TORN;
        }
        return RESERVED_INTACT;
    }

    @Override
    public String roleName()
    {
        return "ring-sender-" + consumerName;
    }

    /** Called by an Agrona runner that ran it; releases the consumer and the publication. */
    @Override
    public void onClose()
    {
        release();
    }

    /** Stops its thread (if {@link #start()}ed), deregisters its consumer and closes its publication. */
    @Override
    public void close()
    {
        if (!own.stop())
        {
            LOG.warn("ring sender {}: its thread did not stop within {} ms", consumerName, OwnThread.JOIN_MILLIS);
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
        if (holding)
        {
            holding = false;
            increment(framesDropped); // read, never sent: as on an eviction
        }
        dropBatch();
        final RingConsumer c = consumer;
        consumer = null;
        registered = false;
        CloseHelper.closeAll(c, publication);
    }

    /** @return frames delivered to Aeron intact. */
    public long framesSent()
    {
        return framesSent.get();
    }

    /** @return payload bytes of the frames sent (headers not counted). */
    public long bytesSent()
    {
        return bytesSent.get();
    }

    /**
     * @return frames of the ring this sender did not deliver: skipped to the newest under back-pressure or while not
     * connected (OVERWRITE), lapped by the ring's producer (OVERWRITE), torn, or read and not yet sent when it was
     * evicted or closed.
     */
    public long framesDropped()
    {
        return framesDropped.get();
    }

    /**
     * @return frames overwritten while they were copied (OVERWRITE): a large frame is sent marked torn and discarded by
     * the receiver (its {@code framesTorn}); a small one is left out of its batch (the receiver counts the gap in
     * {@code framesMissing}). Also counted in {@link #framesDropped()}.
     */
    public long framesTorn()
    {
        return framesTorn.get();
    }

    /** @return times Aeron did not take a frame or batch at the first offer (back-pressured or not connected). */
    public long stalls()
    {
        return stalls.get();
    }

    /** @return times the consumer was deregistered because the remote side was gone for the liveness timeout. */
    public long evictions()
    {
        return evictions.get();
    }

    /** @return registrations on the ring: 1 at build, +1 per rejoin after an eviction. */
    public long joins()
    {
        return joins.get();
    }

    /** @return whether Aeron sees the receiver (a status message within the driver's connection timeout). */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /** @return true while registered on the ring (false after an eviction until it rejoins, and after close). */
    public boolean isRegistered()
    {
        return registered;
    }

    /** @return the consumer name on the ring. */
    public String consumerName()
    {
        return consumerName;
    }

    /** @return the Aeron channel it publishes on, with the term length it chose. */
    public String channel()
    {
        return channel;
    }

    /** @return the Aeron term length: a full slot plus header is at most an eighth of it. */
    public int termLength()
    {
        return publication.termBufferLength();
    }

    @Override
    public String toString()
    {
        return "RingSender{" + consumerName + " of " + ring.path() + " -> " + channel + ", sent=" + framesSent() +
            ", dropped=" + framesDropped() + ", stalls=" + stalls() + ", evictions=" + evictions() + '}';
    }

    /**
     * Settings of a {@link RingSender}: where to (an endpoint or a whole channel URI), the stream, the liveness
     * timeout, how it waits.
     *
     * <pre>{@code
     * RingSender sender = RingSender.builder(aeron, ring)
     *     .endpoint("10.0.0.7:40500")            // the RingReceiver's
     *     .livenessTimeout(Duration.ofSeconds(3))
     *     .mtu(8192)                             // optional: Aeron's default is 1408
     *     .build()
     *     .start();
     * }</pre>
     */
    public static final class Builder
    {
        private final Aeron aeron;
        private final RingBuffer ring;
        private String endpoint;
        private String channel;
        private int streamId = DEFAULT_STREAM_ID;
        private String consumerName;
        private Duration livenessTimeout = DEFAULT_LIVENESS_TIMEOUT;
        private int termLength;
        private int mtu;
        private WaitMode waitMode = WaitMode.PARK;

        private Builder(final Aeron aeron, final RingBuffer ring)
        {
            this.aeron = Objects.requireNonNull(aeron, "aeron");
            this.ring = Objects.requireNonNull(ring, "ring");
        }

        /** The receiver's {@code host:port}: the channel becomes {@code aeron:udp?endpoint=host:port}. */
        public Builder endpoint(final String endpoint)
        {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.channel = null;
            return this;
        }

        /**
         * A whole Aeron channel URI instead of {@link #endpoint}, for settings of your own. A {@code term-length} in it
         * must hold a full slot (term / 8 &gt;= slot size + 32); without one, the sender adds the smallest that does.
         * A multicast endpoint ({@code aeron:udp?endpoint=224.0.1.1:40456|interface=10.0.0.5}) gets Aeron's min flow
         * control ({@code fc=min}) unless the URI sets {@code fc}: the group moves at its slowest receiver.
         */
        public Builder channel(final String channel)
        {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.endpoint = null;
            return this;
        }

        /** Aeron stream id. Default {@value RingSender#DEFAULT_STREAM_ID}. */
        public Builder streamId(final int streamId)
        {
            this.streamId = streamId;
            return this;
        }

        /** Its consumer name on the ring (1 to 64 UTF-8 bytes). Default {@code remote:<endpoint>}. */
        public Builder consumerName(final String consumerName)
        {
            this.consumerName = Objects.requireNonNull(consumerName, "consumerName");
            return this;
        }

        /** How long the publication may be not connected before the consumer is evicted. Default 3 s; at least 1 ms. */
        public Builder livenessTimeout(final Duration livenessTimeout)
        {
            if (livenessTimeout == null || livenessTimeout.compareTo(Duration.ofMillis(1)) < 0)
            {
                throw new IllegalArgumentException("livenessTimeout must be at least 1 ms, got " + livenessTimeout);
            }
            this.livenessTimeout = livenessTimeout;
            return this;
        }

        /**
         * Aeron term length (a power of two, 64 KiB to 1 GiB) at least {@link RemoteFrameDescriptor#termLengthFor}
         * the ring's slot size. Default: that smallest one. A longer term buys a deeper send window for small frames.
         */
        public Builder termLength(final int termLength)
        {
            if (termLength < LogBufferDescriptor.TERM_MIN_LENGTH || termLength > LogBufferDescriptor.TERM_MAX_LENGTH ||
                Integer.bitCount(termLength) != 1)
            {
                throw new IllegalArgumentException("termLength must be a power of two from " +
                    LogBufferDescriptor.TERM_MIN_LENGTH + " to " + LogBufferDescriptor.TERM_MAX_LENGTH + ", got " + termLength);
            }
            this.termLength = termLength;
            return this;
        }

        /** Aeron MTU (datagram length) of the channel: a multiple of 32 from 128 to 65504; Aeron's default (1408) when not set. */
        public Builder mtu(final int mtu)
        {
            if (mtu < 128 || mtu > 65504 || (mtu & 31) != 0)
            {
                throw new IllegalArgumentException("mtu must be a multiple of 32 from 128 to 65504 bytes, got " + mtu);
            }
            this.mtu = mtu;
            return this;
        }

        /** How it waits for frames on its own thread. Default {@link WaitMode#PARK} (asleep on the ring's doorbell). */
        public Builder waitMode(final WaitMode waitMode)
        {
            this.waitMode = Objects.requireNonNull(waitMode, "waitMode");
            return this;
        }

        /**
         * Registers on the ring and adds the publication.
         *
         * @throws IllegalArgumentException if the ring's slot is too large for one Aeron message, the term length
         *                                  set (or in the channel) is too short for a full slot, or no destination
         *                                  was given; the message says which and what to do.
         */
        public RingSender build()
        {
            final int slotSize = ring.slotSize();
            RemoteFrameDescriptor.checkSlotSize(slotSize);
            final int needed = RemoteFrameDescriptor.termLengthFor(slotSize);
            if (endpoint == null && channel == null)
            {
                throw new IllegalArgumentException("a RingSender needs a destination: endpoint(\"host:port\") or channel(uri)");
            }
            final ChannelUri uri = ChannelUri.parse(channel != null ? channel : Bridges.udpChannel(endpoint));
            final String given = uri.get(CommonContext.TERM_LENGTH_PARAM_NAME);
            final int chosen = given != null ? parseTermLength(given) : termLength != 0 ? termLength : needed;
            if (chosen < needed)
            {
                throw new IllegalArgumentException("term length " + chosen + " is too short for ring " + ring.path() +
                    ": a full slot of " + slotSize + " bytes plus the " + HEADER_LENGTH + "-byte header must be at most " +
                    "term / 8, so the term must be at least " + needed + " bytes");
            }
            uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(chosen));
            if (mtu != 0)
            {
                uri.put(CommonContext.MTU_LENGTH_PARAM_NAME, Integer.toString(mtu));
            }
            if (isMulticast(uri.get(CommonContext.ENDPOINT_PARAM_NAME)) && !uri.containsKey(CommonContext.FLOW_CONTROL_PARAM_NAME))
            {
                // Aeron's multicast default follows the fastest receiver; a ring's consumers are gated by the slowest
                uri.put(CommonContext.FLOW_CONTROL_PARAM_NAME, "min");
            }
            return new RingSender(this, uri.toString());
        }

        private String endpointName()
        {
            if (endpoint != null)
            {
                return endpoint;
            }
            final String e = Bridges.endpointOf(channel);
            return e != null ? e : "stream-" + streamId;
        }

        /** @return true for an IPv4 multicast literal {@code a.b.c.d:port} (224.0.0.0/4); names are not resolved. */
        private static boolean isMulticast(final String endpoint)
        {
            if (endpoint == null || endpoint.lastIndexOf(':') < 0)
            {
                return false;
            }
            final String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
            final int dot = host.indexOf('.');
            if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || dot < 0)
            {
                return false;
            }
            final int first = Integer.parseInt(host.substring(0, dot));
            return first >= 224 && first <= 239;
        }

        private static int parseTermLength(final String value)
        {
            try
            {
                return Integer.parseInt(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("term-length '" + value + "' in the channel is not a number of bytes", ex);
            }
        }
    }
}

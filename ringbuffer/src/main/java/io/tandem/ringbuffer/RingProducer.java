package io.tandem.ringbuffer;

import io.tandem.idle.Doorbell;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.SpinBudget;
import io.tandem.idle.NanoClock;
import io.tandem.idle.WaitMode;
import io.tandem.ringbuffer.internal.NativeMemory;
import io.tandem.internal.sharedfile.ProcessLiveness;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.Jvm;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_ACTIVE;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_BLOCKED_COUNT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_CLOSED;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_HEARTBEAT_FRAMES;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_HEARTBEAT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_OWNER_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_START_TIME_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.PRODUCER_STATE_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_HEADER_LENGTH;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_LENGTH_FIELD_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_STAMP_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_TAG_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_TIMESTAMP_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.committedStamp;
import static io.tandem.ringbuffer.RingBufferDescriptor.writingStamp;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * The ring's single producer: claims the next slot, lets you write into it in place, publishes it.
 * One per ring at a time across all processes ({@link RingBuffer#producer()} fails while another live one is
 * attached; a dead one's role is taken over). Use it from one thread.
 *
 * <p>On a {@link RingPolicy#BLOCK} ring the blocking calls, {@link #claim()} and {@link #publish}, wait (with the
 * producer's wait strategy) while the slowest active consumer is a whole ring behind, evicting consumers whose
 * process died, and throw {@link RingTimeoutException} after the timeout. The non-blocking ones never wait, as
 * Aeron's {@code offer} never does: {@link #offer} returns {@link #BACK_PRESSURED} and {@link #tryClaim()} null
 * when the ring is full. On an {@link RingPolicy#OVERWRITE} ring nothing waits and nothing is back-pressured.
 * {@code offer} and {@code publish} return the new position ({@link #position()}: the frame's sequence + 1, so
 * always {@code > 0}); {@code offer}'s failures are the negative constants of this class.
 *
 * <pre>{@code
 * try (RingProducer producer = ring.producer()) {
 *     producer.publish(bytes);                                 // copy in, waiting for room (BLOCK)
 *     if (producer.offer(bytes) < 0) { ... }                   // or never wait: BACK_PRESSURED, CLOSED
 *     FrameClaim claim = producer.claim();                     // or write in place
 *     claim.bytes().writeInt(width).writeInt(height).write(pixels);
 *     claim.publish(TAG_IMAGE, System.nanoTime());
 * }
 * }</pre>
 */
public final class RingProducer implements AutoCloseable
{
    /**
     * {@link #offer} result: a BLOCK ring is full (the slowest active consumer is a whole ring behind); nothing was
     * written. Try again later, or {@link #publish} to wait. Never on an OVERWRITE ring.
     */
    public static final long BACK_PRESSURED = -2;
    /** {@link #offer} result: the producer or its ring is closed; nothing was written, and nothing will be. */
    public static final long CLOSED = -4;

    private static final long EVICTION_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private final RingBuffer ring;
    private final ConsumerTable consumers;
    private final long base;
    private final long slotsAddress;
    private final long positionAddress;
    private final int mask;
    private final int slotCount;
    private final int slotLength;
    private final int slotSize;
    private final boolean block;
    private final IdleStrategy idle;
    private final Doorbell dataBell;
    private final NanoClock clock;
    private final long defaultTimeoutNs;
    private final FrameClaim claim;

    /** Sequence of the next frame: only this object writes the ring's producer position. */
    private long position;
    /** Frames with a sequence below this may be written without looking at the consumers again. */
    private long gateLimit;
    /** The frame a BLOCK claim waits to have room for (what a sleeping wait checks). */
    private long waitingFor;
    private long claimedSequence = -1;
    private long claimedSlot;
    private boolean closed;

    /** @param idle a custom strategy, or null for {@code mode}'s: a PARK one sleeps on the ring's space bell. */
    RingProducer(final RingBuffer ring, final IdleStrategy idle, final WaitMode mode, final long defaultTimeoutNs)
    {
        this.ring = ring;
        this.consumers = ring.consumerTable();
        this.base = ring.baseAddress();
        this.slotsAddress = ring.slotsAddress();
        this.positionAddress = ring.producerPositionAddress();
        this.slotCount = ring.slotCount();
        this.mask = slotCount - 1;
        this.slotLength = ring.slotLength();
        this.slotSize = ring.slotSize();
        this.block = ring.policy() == RingPolicy.BLOCK;
        this.dataBell = ring.dataBell();
        // asleep at most until the next look at whether a consumer died (it would never release its slots)
        this.idle = idle != null ? idle : mode.newIdleStrategy(new SpinBudget(), () -> waitingFor < scanGate(waitingFor),
            EVICTION_CHECK_INTERVAL_NS, ring.spaceBell());
        this.clock = ring.clock();
        this.defaultTimeoutNs = defaultTimeoutNs;
        this.claim = new FrameClaim(this, slotSize);
        takeOwnership();
        this.position = resumePosition();
        this.gateLimit = block ? position : Long.MAX_VALUE; // BLOCK: the first claim scans the consumers
    }

    /**
     * Claims the next slot, waiting up to the producer's default timeout on a BLOCK ring.
     *
     * @return the claim: write into it, then publish.
     * @throws RingTimeoutException if no slot was released in time.
     * @throws IllegalStateException if the previous claim is neither published nor aborted.
     */
    public FrameClaim claim()
    {
        return claim(defaultTimeoutNs);
    }

    /** As {@link #claim()}, waiting up to {@code timeout}. */
    public FrameClaim claim(final Duration timeout)
    {
        return claim(timeout.toNanos());
    }

    /**
     * Claims the next slot if one is free now: never waits (the in-place twin of {@link #offer}).
     *
     * @return the claim, or null if the ring is full (BLOCK; never on OVERWRITE).
     * @throws IllegalStateException if the producer is closed, or the previous claim is neither published nor aborted.
     */
    public FrameClaim tryClaim()
    {
        final long slot = claimSlot(0, false);
        if (slot == 0)
        {
            return null;
        }
        claim.wrap(claimedSequence, slot + SLOT_HEADER_LENGTH);
        return claim;
    }

    // ---- offer: never waits ----------------------------------------------------------------------------------

    /**
     * Copies {@code src} into a frame (tag 0, timestamp 0) and publishes it if a slot is free now.
     *
     * @return the new position ({@link #position()}, {@code > 0}) if published, else {@link #BACK_PRESSURED} or
     * {@link #CLOSED}.
     */
    public long offer(final byte[] src)
    {
        return offer(src, 0, src.length, 0, 0L);
    }

    /** As {@link #offer(byte[])}, copying {@code length} bytes of {@code src} from {@code offset}. */
    public long offer(final byte[] src, final int offset, final int length)
    {
        return offer(src, offset, length, 0, 0L);
    }

    /**
     * Copies {@code length} bytes of {@code src} from {@code offset} into a frame and publishes it with a tag and
     * timestamp, if a slot is free now: it never waits.
     *
     * <pre>{@code
     * long result = producer.offer(bytes, 0, bytes.length, TAG, now);
     * if (result == RingProducer.BACK_PRESSURED) { ... drop it, or try again later ... }
     * }</pre>
     *
     * @return the new position ({@code > 0}) if published; {@link #BACK_PRESSURED} if the ring (BLOCK) is full;
     * {@link #CLOSED} if the producer or its ring is closed.
     * @throws IllegalArgumentException if {@code length} exceeds the slot size.
     * @throws IllegalStateException if a claim is neither published nor aborted.
     */
    public long offer(final byte[] src, final int offset, final int length, final int tag, final long timestamp)
    {
        Objects.checkFromIndexSize(offset, length, src.length);
        checkLength(length);
        final long slot = offerSlot();
        return slot < 0 ? slot : copyIn(src, offset, length, slot, tag, timestamp);
    }

    /** As {@link #offer(ByteBuffer, int, long)}, with tag 0 and timestamp 0. */
    public long offer(final ByteBuffer src)
    {
        return offer(src, 0, 0L);
    }

    /**
     * Copies the remaining bytes of {@code src} into a frame and publishes it with a tag and timestamp if a slot
     * is free now; advances {@code src}'s position to its limit only if published.
     *
     * @return the new position, {@link #BACK_PRESSURED} or {@link #CLOSED} (see {@link #offer(byte[], int, int, int, long)}).
     */
    public long offer(final ByteBuffer src, final int tag, final long timestamp)
    {
        checkLength(src.remaining());
        final long slot = offerSlot();
        return slot < 0 ? slot : copyIn(src, slot, tag, timestamp);
    }

    /** As {@link #offer(BytesStore, int, long)}, with tag 0 and timestamp 0. */
    public long offer(final BytesStore<?, ?> src)
    {
        return offer(src, 0, 0L);
    }

    /**
     * Copies {@code src}'s bytes from its read position to its read limit into a frame and publishes it with a
     * tag and timestamp if a slot is free now; {@code src}'s positions do not move.
     *
     * @return the new position, {@link #BACK_PRESSURED} or {@link #CLOSED} (see {@link #offer(byte[], int, int, int, long)}).
     */
    public long offer(final BytesStore<?, ?> src, final int tag, final long timestamp)
    {
        checkLength(src.readRemaining());
        final long slot = offerSlot();
        return slot < 0 ? slot : copyIn(src, slot, tag, timestamp);
    }

    // ---- publish: waits for a slot (BLOCK) up to a timeout -----------------------------------------------------

    /** As {@link #publish(byte[], int, int, int, long, Duration)}: tag 0, timestamp 0, the producer's default timeout. */
    public long publish(final byte[] src)
    {
        return publish(src, 0, src.length, 0, 0L);
    }

    /** As {@link #publish(byte[], int, int, int, long, Duration)}: tag 0, timestamp 0, the default timeout. */
    public long publish(final byte[] src, final int offset, final int length)
    {
        return publish(src, offset, length, 0, 0L);
    }

    /** As {@link #publish(byte[], int, int, int, long, Duration)}, waiting up to the producer's default timeout. */
    public long publish(final byte[] src, final int offset, final int length, final int tag, final long timestamp)
    {
        return publish(src, offset, length, tag, timestamp, defaultTimeoutNs);
    }

    /**
     * Copies {@code length} bytes of {@code src} from {@code offset} into a frame and publishes it with a tag and
     * timestamp, waiting for a free slot (BLOCK) up to {@code timeout}.
     *
     * <pre>{@code
     * producer.publish(bytes, 0, bytes.length, TAG, now, Duration.ofSeconds(1));
     * }</pre>
     *
     * @return the new position ({@link #position()}).
     * @throws RingTimeoutException if no slot was released in time.
     * @throws IllegalArgumentException if {@code length} exceeds the slot size.
     * @throws IllegalStateException if the producer or its ring is closed, or a claim is neither published nor aborted.
     */
    public long publish(final byte[] src, final int offset, final int length, final int tag, final long timestamp,
        final Duration timeout)
    {
        return publish(src, offset, length, tag, timestamp, timeout.toNanos());
    }

    /** As {@link #publish(ByteBuffer, int, long, Duration)}: tag 0, timestamp 0, the producer's default timeout. */
    public long publish(final ByteBuffer src)
    {
        return publish(src, 0, 0L);
    }

    /** As {@link #publish(ByteBuffer, int, long, Duration)}, waiting up to the producer's default timeout. */
    public long publish(final ByteBuffer src, final int tag, final long timestamp)
    {
        checkLength(src.remaining());
        return copyIn(src, claimSlot(defaultTimeoutNs, true), tag, timestamp);
    }

    /**
     * Copies the remaining bytes of {@code src} into a frame and publishes it with a tag and timestamp, waiting for a
     * free slot (BLOCK) up to {@code timeout}; advances {@code src}'s position to its limit.
     *
     * @return the new position.
     * @throws RingTimeoutException if no slot was released in time.
     */
    public long publish(final ByteBuffer src, final int tag, final long timestamp, final Duration timeout)
    {
        checkLength(src.remaining());
        return copyIn(src, claimSlot(timeout.toNanos(), true), tag, timestamp);
    }

    /** As {@link #publish(BytesStore, int, long, Duration)}: tag 0, timestamp 0, the producer's default timeout. */
    public long publish(final BytesStore<?, ?> src)
    {
        return publish(src, 0, 0L);
    }

    /** As {@link #publish(BytesStore, int, long, Duration)}, waiting up to the producer's default timeout. */
    public long publish(final BytesStore<?, ?> src, final int tag, final long timestamp)
    {
        checkLength(src.readRemaining());
        return copyIn(src, claimSlot(defaultTimeoutNs, true), tag, timestamp);
    }

    /**
     * Copies {@code src}'s bytes from its read position to its read limit into a frame and publishes it with a tag
     * and timestamp, waiting for a free slot (BLOCK) up to {@code timeout}; {@code src}'s positions do not move.
     *
     * @return the new position.
     * @throws RingTimeoutException if no slot was released in time.
     */
    public long publish(final BytesStore<?, ?> src, final int tag, final long timestamp, final Duration timeout)
    {
        checkLength(src.readRemaining());
        return copyIn(src, claimSlot(timeout.toNanos(), true), tag, timestamp);
    }

    /** @return the doorbell consumers ring after releasing frames: what a waiter for a free slot sleeps on. */
    public Doorbell spaceBell()
    {
        return ring.spaceBell();
    }

    /** @return true if the next claim would find a free slot (always on an OVERWRITE ring). Any thread, a look only. */
    public boolean hasSpace()
    {
        return !block || position < scanGate(position);
    }

    /** @return the sequence the next frame will have: the number of frames published on the ring so far. */
    public long position()
    {
        return position;
    }

    /** @return the ring this producer writes. */
    public RingBuffer ring()
    {
        return ring;
    }

    /**
     * Releases the producer role: consumers see the ring as abandoned ({@link ProducerStatus#CLOSED}) until
     * another producer attaches. An unpublished claim is aborted.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        claimedSequence = -1;
        if (!ring.isUnmapped())
        {
            MEMORY.writeOrderedLong(base + PRODUCER_HEARTBEAT_OFFSET, clock.nanoTime());
            // release: every frame we committed is visible to whoever sees "closed"
            MEMORY.writeOrderedInt(base + PRODUCER_STATE_OFFSET, PRODUCER_CLOSED);
            MEMORY.compareAndSwapLong(base + PRODUCER_OWNER_OFFSET, ProcessLiveness.currentPid(), 0L);
            dataBell.ring(); // sleeping consumers wake to find the ring abandoned, rather than at their next check
        }
        claim.close();
        ring.removeChild(this);
    }

    @Override
    public String toString()
    {
        return "RingProducer{" + ring.path() + ", position=" + position + (closed ? ", closed" : "") + '}';
    }

    FrameClaim claim(final long timeoutNs)
    {
        final long slot = claimSlot(timeoutNs, true);
        claim.wrap(claimedSequence, slot + SLOT_HEADER_LENGTH);
        return claim;
    }

    private long publish(final byte[] src, final int offset, final int length, final int tag, final long timestamp,
        final long timeoutNs)
    {
        Objects.checkFromIndexSize(offset, length, src.length);
        checkLength(length);
        return copyIn(src, offset, length, claimSlot(timeoutNs, true), tag, timestamp);
    }

    /** @return a claimed slot's address if one is free now, else {@link #BACK_PRESSURED} or {@link #CLOSED}. */
    private long offerSlot()
    {
        if (closed || ring.isClosed())
        {
            return CLOSED;
        }
        final long slot = claimSlot(0, false);
        return slot == 0 ? BACK_PRESSURED : slot;
    }

    /** Copies into the claimed {@code slot} and commits it. @return the new position. */
    private long copyIn(final byte[] src, final int offset, final int length, final long slot, final int tag,
        final long timestamp)
    {
        NativeMemory.copy(src, NativeMemory.BYTE_ARRAY_BASE + offset, null, slot + SLOT_HEADER_LENGTH, length);
        return commit(slot, length, tag, timestamp) + 1;
    }

    /** Copies {@code src}'s remaining bytes into the claimed {@code slot}, commits it, advances {@code src}. @return the new position. */
    private long copyIn(final ByteBuffer src, final long slot, final int tag, final long timestamp)
    {
        final int length = src.remaining();
        final long payload = slot + SLOT_HEADER_LENGTH;
        final int position = src.position();
        if (src.isDirect())
        {
            NativeMemory.copy(Jvm.address(src) + position, payload, length);
        }
        else if (src.hasArray())
        {
            NativeMemory.copy(src.array(), NativeMemory.BYTE_ARRAY_BASE + src.arrayOffset() + position, null, payload, length);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                MEMORY.writeByte(payload + i, src.get(position + i));
            }
        }
        src.position(position + length);
        return commit(slot, length, tag, timestamp) + 1;
    }

    /** Copies {@code src}'s readable bytes into the claimed {@code slot} and commits it. @return the new position. */
    private long copyIn(final BytesStore<?, ?> src, final long slot, final int tag, final long timestamp)
    {
        final long length = src.readRemaining();
        if (src.isDirectMemory())
        {
            NativeMemory.copy(src.addressForRead(src.readPosition()), slot + SLOT_HEADER_LENGTH, length);
        }
        else
        {
            claim.wrap(claimedSequence, slot + SLOT_HEADER_LENGTH);
            claim.bytes().write(src, src.readPosition(), length);
        }
        return commit(slot, (int)length, tag, timestamp) + 1;
    }

    long publish(final int length, final int tag, final long timestamp)
    {
        if (claimedSequence < 0)
        {
            throw new IllegalStateException("nothing to publish: claim a slot first (" + ring.path() + ")");
        }
        checkLength(length);
        return commit(claimedSlot, length, tag, timestamp);
    }

    void abort()
    {
        if (claimedSequence < 0)
        {
            throw new IllegalStateException("nothing to abort: no slot is claimed (" + ring.path() + ")");
        }
        claimedSequence = -1;
    }

    /**
     * Claims slot {@code position}: waits for space (BLOCK), then marks the slot as being written.
     *
     * @return the slot's address, or 0 if {@code wait} is false and the ring is full.
     */
    private long claimSlot(final long timeoutNs, final boolean wait)
    {
        if (closed)
        {
            throw new IllegalStateException("producer is closed (" + ring.path() + ")");
        }
        if (claimedSequence >= 0)
        {
            throw new IllegalStateException("the previous claim (sequence " + claimedSequence +
                ") was neither published nor aborted (" + ring.path() + ")");
        }
        final long sequence = position;
        if (sequence >= gateLimit && !awaitCapacity(sequence, timeoutNs, wait))
        {
            return 0;
        }
        final long slot = slotsAddress + (sequence & mask) * slotLength;
        // release: marks the slot "being written" (a reader of the frame it held will see it lapped)
        MEMORY.writeOrderedLong(slot + SLOT_STAMP_OFFSET, writingStamp(sequence));
        // seqlock writer: the "being written" stamp must be visible before any payload byte changes
        VarHandle.storeStoreFence();
        claimedSequence = sequence;
        claimedSlot = slot;
        return slot;
    }

    private long commit(final long slot, final int length, final int tag, final long timestamp)
    {
        final long sequence = position;
        MEMORY.writeInt(slot + SLOT_LENGTH_FIELD_OFFSET, length);
        MEMORY.writeInt(slot + SLOT_TAG_OFFSET, tag);
        MEMORY.writeLong(slot + SLOT_TIMESTAMP_OFFSET, timestamp);
        // release: payload, length, tag and timestamp are visible before the stamp says frame "sequence" is here
        MEMORY.writeOrderedLong(slot + SLOT_STAMP_OFFSET, committedStamp(sequence));
        // release: whoever reads the position (a joining or lapped consumer) finds every frame below it committed
        MEMORY.writeOrderedLong(positionAddress, sequence + 1);
        dataBell.ring(); // consumers may sleep on it (the ring's fence orders the position store before the look)
        position = sequence + 1;
        claimedSequence = -1;
        if ((sequence & (PRODUCER_HEARTBEAT_FRAMES - 1)) == 0)
        {
            MEMORY.writeOrderedLong(base + PRODUCER_HEARTBEAT_OFFSET, clock.nanoTime());
        }
        return sequence;
    }

    /**
     * BLOCK: waits until the slowest active consumer has released frame {@code sequence - slotCount}; caches the
     * answer in {@link #gateLimit} so the consumers are scanned once per stretch of free slots, not per frame.
     */
    private boolean awaitCapacity(final long sequence, final long timeoutNs, final boolean wait)
    {
        if (ring.isClosed())
        {
            throw new IllegalStateException("ring is closed (" + ring.path() + ")");
        }
        long limit = scanGate(sequence);
        if (sequence < limit)
        {
            gateLimit = limit;
            return true;
        }
        final long start = clock.nanoTime();
        long lastEvictionCheck = start;
        consumers.evictDead(start, false);
        limit = scanGate(sequence);
        if (sequence < limit)
        {
            gateLimit = limit;
            return true;
        }
        MEMORY.writeOrderedLong(base + PRODUCER_BLOCKED_COUNT_OFFSET, MEMORY.readLong(base + PRODUCER_BLOCKED_COUNT_OFFSET) + 1);
        if (!wait)
        {
            return false;
        }
        MEMORY.writeOrderedLong(base + PRODUCER_HEARTBEAT_OFFSET, start);
        waitingFor = sequence;
        idle.abandon(); // a new wait
        while (true)
        {
            idle.idle();
            limit = scanGate(sequence);
            if (sequence < limit)
            {
                gateLimit = limit;
                idle.reset(); // the slot came free: a strategy that learns when that happens learns it
                return true;
            }
            final long now = clock.nanoTime();
            if (now - lastEvictionCheck >= EVICTION_CHECK_INTERVAL_NS)
            {
                lastEvictionCheck = now;
                MEMORY.writeOrderedLong(base + PRODUCER_HEARTBEAT_OFFSET, now);
                if (consumers.evictDead(now, false) > 0)
                {
                    continue;
                }
            }
            if (now - start >= timeoutNs)
            {
                throw timeout(sequence, now - start, now);
            }
        }
    }

    /** @return the first sequence that may not be written yet. */
    private long scanGate(final long sequence)
    {
        // StoreLoad: our last position store must be visible before we read the consumers' states, or a consumer
        // registering now could both miss our position and be missed by this scan (Dekker; see the package doc)
        VarHandle.fullFence();
        return consumers.minActivePosition(sequence) + slotCount;
    }

    private RingTimeoutException timeout(final long sequence, final long waitedNs, final long nowNs)
    {
        final ConsumerStats slowest = consumers.slowest(sequence, nowNs);
        return new RingTimeoutException(String.format(Locale.ROOT,
            "ring buffer %s is full: the producer waited %.3f s for a free slot for frame %d (%d slots); slowest consumer: %s. " +
                "A consumer is evicted only when its heartbeat is older than %.1f s and its process is gone; a live " +
                "consumer that does not poll blocks the producer (BLOCK policy)",
            ring.path(), waitedNs / 1e9, sequence, slotCount, slowest == null ? "none (it just left)" : slowest.toString(),
            ring.heartbeatTimeoutNs() / 1e9));
    }

    private void checkLength(final long length)
    {
        if (length < 0 || length > slotSize)
        {
            throw new IllegalArgumentException("a frame of " + length + " bytes does not fit a slot of " + slotSize +
                " bytes (" + ring.path() + ")");
        }
    }

    /**
     * @return where the previous producer (if any) stopped. It stores its position right after committing a
     * frame, so a producer that died between the two left one committed frame beyond its position: skip it, or
     * consumers that read it would take the next frame for one they have seen.
     */
    private long resumePosition()
    {
        // acquire: the previous producer's position and the frames below it
        long resume = MEMORY.readVolatileLong(positionAddress);
        if (MEMORY.readVolatileLong(slotsAddress + (resume & mask) * slotLength + SLOT_STAMP_OFFSET) == committedStamp(resume))
        {
            resume++;
            // release: as after any commit
            MEMORY.writeOrderedLong(positionAddress, resume);
        }
        return resume;
    }

    private void takeOwnership()
    {
        final long pid = ProcessLiveness.currentPid();
        while (true)
        {
            final long owner = MEMORY.readVolatileLong(base + PRODUCER_OWNER_OFFSET);
            if (owner != 0)
            {
                final boolean alive = owner < 0 ?
                    ProcessLiveness.isAlive(-owner, 0) :
                    ProcessLiveness.isAlive(owner, MEMORY.readVolatileLong(base + PRODUCER_START_TIME_OFFSET));
                if (alive)
                {
                    claim.close();
                    throw new RingBufferException("ring buffer " + ring.path() + " already has a producer: pid " +
                        Math.abs(owner) + (Math.abs(owner) == pid ? " (this process)" : "") +
                        "; a ring has one producer at a time (close that one first)");
                }
            }
            // claim as -pid: "taking over, start time not written yet"
            if (MEMORY.compareAndSwapLong(base + PRODUCER_OWNER_OFFSET, owner, -pid))
            {
                break;
            }
        }
        MEMORY.writeOrderedLong(base + PRODUCER_START_TIME_OFFSET, ProcessLiveness.currentStartTimeMs());
        MEMORY.writeOrderedLong(base + PRODUCER_HEARTBEAT_OFFSET, clock.nanoTime());
        // release: the start time is visible before the owner reads as a plain pid
        MEMORY.writeOrderedLong(base + PRODUCER_OWNER_OFFSET, pid);
        MEMORY.writeOrderedInt(base + PRODUCER_STATE_OFFSET, PRODUCER_ACTIVE);
    }
}

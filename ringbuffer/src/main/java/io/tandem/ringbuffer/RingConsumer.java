package io.tandem.ringbuffer;

import io.tandem.idle.Doorbell;
import io.tandem.idle.IdleStrategy;
import io.tandem.idle.SpinBudget;
import io.tandem.idle.NanoClock;
import io.tandem.idle.WaitMode;
import io.tandem.ringbuffer.internal.NativeMemory;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_CONSUMED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_DROPPED_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_POSITION_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CONSUMER_STATE_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_HEADER_LENGTH;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_LENGTH_FIELD_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_STAMP_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_TAG_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_TIMESTAMP_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.committedStamp;
import static io.tandem.ringbuffer.RingBufferDescriptor.isLapped;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * One registered consumer of a ring: reads every frame published after it joined, in order, in place.
 * Obtained from {@link RingBuffer#consumer(String)}; use it from one thread; {@link #close()} deregisters.
 *
 * <p>Three ways to read:
 * <ul>
 * <li>{@link #receive(Duration)}: wait for the next frame (wait strategy, timeout), read it in place or copy it
 *     out, then {@link #release()};</li>
 * <li>{@link #tryReceive()}: the same without waiting;</li>
 * <li>{@link #poll(FrameHandler, int)}: drain up to a limit of frames through a handler, for throughput.</li>
 * </ul>
 *
 * <p><b>Heartbeat contract.</b> The consumer writes a heartbeat into its entry from its own calls (at most every
 * 1/16 of the ring's heartbeat timeout, checked every 64 calls and on every idle pass of a wait). A consumer is
 * evicted only when its heartbeat is older than the ring's heartbeat timeout (default 5 s) <i>and</i> its
 * process is gone (pid absent, or reused by a process with another start time). A consumer that is merely slow
 * (a long computation per frame, a GC pause) is therefore never evicted, however long it takes; on a BLOCK ring
 * it holds the producer back, and the producer's claim fails with a {@link RingTimeoutException} that names it.
 * Close consumers you stop using: an abandoned but open consumer of a live process blocks a BLOCK producer.
 *
 * <p><b>Loss.</b> On an OVERWRITE ring a consumer that falls a whole ring behind resumes at the newest frame and
 * counts the frames it skipped in {@link #dropped()}; a frame overwritten while it was read is detected (the
 * slot's stamp changed) and counted as dropped, never handed out: {@link #poll} copies each frame before it
 * checks, and {@link #release()} returns false for a frame read in place. For a consumer present from the first
 * frame, {@code consumed() + dropped() == frames published} once it has caught up.
 *
 * <pre>{@code
 * try (RingConsumer consumer = ring.consumer("detector")) {
 *     while (running) {
 *         Frame frame = consumer.receive(Duration.ofMillis(100));
 *         if (frame == null) {
 *             if (ring.isAbandoned()) break;            // producer closed or died, all read
 *             continue;
 *         }
 *         detect(frame.bytes());
 *         consumer.release();
 *     }
 * }
 * }</pre>
 */
public final class RingConsumer implements AutoCloseable
{
    /**
     * What a consumer's {@link #receive} waits watch besides the ring's own producer: a peer the caller knows
     * about (a process it started, say) whose death must end the wait with the caller's exception rather than a
     * quiet null. The ring cannot know such peers; the framework that does installs one through
     * {@link RingBuffer#consumer(String, WaitMode, Watch)}. {@link #tryReceive()} and {@link #poll} never call it.
     *
     * <pre>{@code
     * RingConsumer c = ring.consumer("display", WaitMode.PARK, new RingConsumer.Watch() {
     *     public void check(boolean producerGone) { if (!worker.isAlive()) throw new WorkerDiedException(); }
     *     public Doorbell[] bells() { return new Doorbell[] {worker.deathBell()}; }
     * });
     * }</pre>
     */
    public interface Watch
    {
        /** The longest a PARK wait sleeps without a bell, so the latest a watch without bells is asked again. */
        long MAX_UNRUNG_NOTICE_MS = 50;

        /**
         * Called on the consumer's thread when a wait starts with no frame, after every wake-up that found none,
         * and once more before a wait returns null because the producer closed or died. Throw to end the wait;
         * return to go on. Must be cheap unless {@code producerGone}: it runs on every pass of a wait.
         *
         * @param producerGone true on the last call, when the producer has closed or died and every frame was read.
         */
        void check(boolean producerGone);

        /**
         * @return doorbells rung when {@link #check} may have news (a PARK wait sleeps on them as well as on the
         * data bell); read once, when the consumer is made. Default none: news is seen within the wait's longest
         * sleep (at most {@value #MAX_UNRUNG_NOTICE_MS} ms).
         */
        default Doorbell[] bells()
        {
            return new Doorbell[0];
        }
    }

    private static final int DUTY_CYCLE_CALLS = 64;
    private static final long PRODUCER_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(Watch.MAX_UNRUNG_NOTICE_MS);
    /**
     * A poll releases its frames at the end, or as soon as they add up to this many bytes: small frames share one
     * release, large ones are handed back to the producer one by one so that it can refill them meanwhile.
     */
    private static final int RELEASE_BYTES = 64 * 1024;

    private final RingBuffer ring;
    private final ConsumerTable table;
    private final String name;
    private final int index;
    private final long entry;
    private final long activeWord;
    private final long slotsAddress;
    private final long producerPositionAddress;
    private final int mask;
    private final int slotLength;
    private final int slotSize;
    private final boolean overwrite;
    private final IdleStrategy idle;
    private final Doorbell spaceBell;
    private final NanoClock clock;
    private final long heartbeatIntervalNs;
    private final long startPosition;
    private final FrameView view = new FrameView();
    /** Asked on every pass of a wait, or null. */
    private final Watch watch;

    private long position;
    private long consumed;
    private long dropped;
    private int dutyCountdown = DUTY_CYCLE_CALLS;
    private long lastHeartbeatNs;
    private boolean holding;
    private long heldSlot;
    private long heldStamp;
    private long scratchAddress;
    private long unreleasedBytes;
    private boolean closed;
    private boolean evicted;

    /**
     * @param idle  a custom strategy, or null for {@code mode}'s: a PARK one sleeps on the ring's data bell (and
     *              the watch's bells).
     * @param watch asked on every pass of a wait, or null.
     */
    RingConsumer(final RingBuffer ring, final String name, final byte[] nameBytes, final IdleStrategy idle,
        final WaitMode mode, final Watch watch)
    {
        this.watch = watch;
        this.ring = ring;
        this.table = ring.consumerTable();
        this.name = name;
        this.slotsAddress = ring.slotsAddress();
        this.producerPositionAddress = ring.producerPositionAddress();
        this.mask = ring.slotCount() - 1;
        this.slotLength = ring.slotLength();
        this.slotSize = ring.slotSize();
        this.overwrite = ring.policy() == RingPolicy.OVERWRITE;
        this.spaceBell = ring.spaceBell();
        this.clock = ring.clock();
        this.heartbeatIntervalNs = Math.max(1, ring.heartbeatTimeoutNs() / 16);
        // asleep at most until the next heartbeat is due, or the next look at whether the producer is gone
        this.idle = idle != null ? idle : mode.newIdleStrategy(new SpinBudget(), this::hasFrameOrNews,
            Math.min(heartbeatIntervalNs, PRODUCER_CHECK_INTERVAL_NS), bells(ring.dataBell(), watch));
        try
        {
            this.index = table.register(name, nameBytes, clock, producerPositionAddress);
        }
        catch (final RuntimeException ex)
        {
            view.close();
            throw ex;
        }
        this.entry = table.entryAddress(index);
        this.activeWord = MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET);
        this.startPosition = MEMORY.readVolatileLong(entry + CONSUMER_POSITION_OFFSET);
        this.position = startPosition;
        this.lastHeartbeatNs = MEMORY.readVolatileLong(entry + CONSUMER_HEARTBEAT_OFFSET);
    }

    /**
     * Returns the next frame if it is published, without waiting.
     *
     * @return the frame, read in place until {@link #release()}; null if there is none yet.
     * @throws IllegalStateException if the previous frame was not released.
     * @throws ConsumerEvictedException if this consumer was judged dead and its entry taken.
     */
    public Frame tryReceive()
    {
        checkReady();
        tick();
        return nextFrame() ? view : null;
    }

    /**
     * Waits for the next frame with the consumer's wait strategy.
     *
     * @param timeout the longest wait.
     * @return the frame, read in place until {@link #release()}; null if none came within {@code timeout}, the
     * ring is abandoned and everything published has been read ({@link RingBuffer#isAbandoned()}), or the
     * thread is interrupted (the interrupt flag stays set).
     * @throws IllegalStateException if the previous frame was not released.
     * @throws ConsumerEvictedException if this consumer was judged dead and its entry taken.
     */
    public Frame receive(final Duration timeout)
    {
        return receive(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** As {@link #receive(Duration)}. */
    public Frame receive(final long timeout, final TimeUnit unit)
    {
        checkReady();
        tick();
        if (nextFrame())
        {
            return view;
        }
        final long timeoutNs = unit.toNanos(timeout);
        final long start = clock.nanoTime();
        // whether the producer died reads /proc (tens of microseconds): once an interval, not on every wait
        long nextProducerCheck = start + PRODUCER_CHECK_INTERVAL_NS;
        if (watch != null)
        {
            watch.check(false); // a peer already known dead: fail now, not after the first sleep
        }
        idle.abandon(); // a new wait
        while (true)
        {
            idle.idle();
            if (nextFrame())
            {
                idle.reset(); // the frame came: a strategy that learns when frames come learns it
                return view;
            }
            final long now = clock.nanoTime();
            dutyCycle(now);
            if (watch != null)
            {
                watch.check(false);
            }
            if (now - start >= timeoutNs || Thread.currentThread().isInterrupted())
            {
                return null;
            }
            final boolean closed = ring.isProducerClosed();
            if (closed || now - nextProducerCheck >= 0)
            {
                nextProducerCheck = now + PRODUCER_CHECK_INTERVAL_NS;
                if (closed || ring.isAbandoned())
                {
                    // the producer's frames are all committed before it reads as gone: one last look
                    if (nextFrame())
                    {
                        return view;
                    }
                    if (watch != null)
                    {
                        watch.check(true); // the watch may know who the producer was, and say so
                    }
                    return null;
                }
            }
        }
    }

    /** @return the doorbell the ring's producer rings after each frame: what a waiter on this consumer sleeps on. */
    public Doorbell dataBell()
    {
        return ring.dataBell();
    }

    /** @return the data bell, then the watch's bells. */
    private static Doorbell[] bells(final Doorbell dataBell, final Watch watch)
    {
        final Doorbell[] extra = watch == null ? new Doorbell[0] : watch.bells();
        final Doorbell[] bells = new Doorbell[1 + extra.length];
        bells[0] = dataBell;
        System.arraycopy(extra, 0, bells, 1, extra.length);
        return bells;
    }

    /**
     * @return true if a frame is published for this consumer (or it fell behind), or the producer closed: what a
     * sleeping wait checks.
     */
    private boolean hasFrameOrNews()
    {
        // acquire: pairs with the producer's release
        return MEMORY.readVolatileLong(producerPositionAddress) != position || ring.isProducerClosed();
    }

    /**
     * Releases the frame from {@link #receive} or {@link #tryReceive()}: on a BLOCK ring the producer may reuse
     * its slot from now on.
     *
     * @return true if the frame was intact the whole time; false if the producer overwrote it while it was read
     * (OVERWRITE only): discard everything read from it; it counts as dropped.
     * @throws IllegalStateException if no frame is held.
     */
    public boolean release()
    {
        if (!holding)
        {
            throw new IllegalStateException("no frame to release (" + name + " on " + ring.path() + ")");
        }
        holding = false;
        // seqlock reader: the caller's reads of the slot complete before we look at the stamp again
        VarHandle.loadLoadFence();
        final boolean intact = MEMORY.readVolatileLong(heldSlot + SLOT_STAMP_OFFSET) == heldStamp;
        if (intact)
        {
            consumed++;
        }
        else
        {
            if (!overwrite)
            {
                checkNotEvicted();
            }
            dropped++;
        }
        position++;
        publishProgress();
        return intact;
    }

    /**
     * Hands up to {@code limit} published frames to {@code handler}, in order, without waiting. On a BLOCK ring
     * each frame is read in place; frames are released when the call returns, or earlier once they add up to
     * 64 KiB (so a producer of large frames can refill slots while the batch goes on). On an OVERWRITE ring each
     * frame is first copied into this consumer's private buffer and checked, so the handler never sees a torn
     * frame (a frame overwritten during the copy is counted as dropped).
     *
     * @return the number of frames handled.
     * @throws IllegalStateException if a frame from {@link #receive} is held.
     * @throws ConsumerEvictedException if this consumer was judged dead and its entry taken.
     */
    public int poll(final FrameHandler handler, final int limit)
    {
        checkReady();
        tick();
        int count = 0;
        int released = 0;
        boolean skipped = false;
        try
        {
            while (count < limit)
            {
                final long sequence = position;
                final long slot = slotsAddress + (sequence & mask) * slotLength;
                // acquire: the header and payload reads below see what the producer wrote before this stamp
                final long stamp = MEMORY.readVolatileLong(slot + SLOT_STAMP_OFFSET);
                if (stamp != committedStamp(sequence))
                {
                    if (isLapped(stamp, sequence))
                    {
                        onLapped(sequence);
                        skipped = true;
                        continue;
                    }
                    break;
                }
                final int length = MEMORY.readInt(slot + SLOT_LENGTH_FIELD_OFFSET);
                final int tag = MEMORY.readInt(slot + SLOT_TAG_OFFSET);
                final long timestamp = MEMORY.readLong(slot + SLOT_TIMESTAMP_OFFSET);
                if (overwrite)
                {
                    if (length < 0 || length > slotSize)
                    {
                        checkTorn(slot, stamp, sequence, length);
                        skipped = true;
                        continue;
                    }
                    final long copy = scratch();
                    NativeMemory.copy(slot + SLOT_HEADER_LENGTH, copy, length);
                    // seqlock reader: the copy completes before we look at the stamp again
                    VarHandle.loadLoadFence();
                    if (MEMORY.readVolatileLong(slot + SLOT_STAMP_OFFSET) != stamp)
                    {
                        dropped++;
                        position = sequence + 1;
                        skipped = true;
                        continue;
                    }
                    view.wrap(sequence, copy, length, tag, timestamp);
                }
                else
                {
                    if (length < 0 || length > slotSize)
                    {
                        checkTorn(slot, stamp, sequence, length);
                        skipped = true;
                        continue;
                    }
                    view.wrap(sequence, slot + SLOT_HEADER_LENGTH, length, tag, timestamp);
                    view.inPlace(slot + SLOT_STAMP_OFFSET, stamp);
                }
                position = sequence + 1;
                count++;
                handler.onFrame(view);
                unreleasedBytes += length;
                if (unreleasedBytes >= RELEASE_BYTES)
                {
                    consumed += count - released;
                    released = count;
                    unreleasedBytes = 0;
                    skipped = false;
                    publishProgress();
                }
            }
        }
        finally
        {
            if (count > released || skipped)
            {
                consumed += count - released;
                unreleasedBytes = 0;
                publishProgressUnlessEvicted(); // a handler's exception, if any, goes first
            }
        }
        if (evicted)
        {
            throw evictedException();
        }
        return count;
    }

    /**
     * @return true if the next frame is published (or this consumer was lapped and has frames to skip): a cheap
     * check for pollers that watch several sources.
     */
    public boolean hasFrame()
    {
        checkOpen();
        final long stamp = MEMORY.readVolatileLong(slotsAddress + (position & mask) * slotLength + SLOT_STAMP_OFFSET);
        return stamp == committedStamp(position) || isLapped(stamp, position);
    }

    /** @return this consumer's name, unique on the ring. */
    public String name()
    {
        return name;
    }

    /** @return the ring. */
    public RingBuffer ring()
    {
        return ring;
    }

    /** @return the sequence of the next frame this consumer reads. */
    public long position()
    {
        return position;
    }

    /** @return the sequence this consumer joined at (the producer's position when it registered). */
    public long startPosition()
    {
        return startPosition;
    }

    /** @return frames delivered (and released intact) since registration. */
    public long consumed()
    {
        return consumed;
    }

    /** @return frames lost since registration: lapped, or overwritten while read (OVERWRITE). */
    public long dropped()
    {
        return dropped;
    }

    /** @return frames published that this consumer has not read yet. */
    public long lag()
    {
        return Math.max(0, MEMORY.readVolatileLong(producerPositionAddress) - position);
    }

    /** @return the index of this consumer's entry in the ring's consumer table. */
    public int index()
    {
        return index;
    }

    /** @return true once closed (or evicted). */
    public boolean isClosed()
    {
        return closed;
    }

    /** Deregisters: the entry is freed and, on a BLOCK ring, no longer holds the producer back. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        holding = false;
        if (!evicted && !ring.isUnmapped())
        {
            table.deregister(index, activeWord);
        }
        if (scratchAddress != 0)
        {
            NativeMemory.free(scratchAddress);
            scratchAddress = 0;
        }
        view.close();
        ring.removeChild(this);
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "RingConsumer{%s on %s, position=%d, consumed=%d, dropped=%d%s}",
            name, ring.path(), position, consumed, dropped, closed ? (evicted ? ", evicted" : ", closed") : "");
    }

    /** Finds frame {@link #position}, skipping lost frames; on success the view holds it. */
    private boolean nextFrame()
    {
        while (true)
        {
            final long sequence = position;
            final long slot = slotsAddress + (sequence & mask) * slotLength;
            // acquire: the header and payload reads below see what the producer wrote before this stamp
            final long stamp = MEMORY.readVolatileLong(slot + SLOT_STAMP_OFFSET);
            if (stamp == committedStamp(sequence))
            {
                final int length = MEMORY.readInt(slot + SLOT_LENGTH_FIELD_OFFSET);
                if (length < 0 || length > slotSize)
                {
                    checkTorn(slot, stamp, sequence, length);
                    publishProgress();
                    continue;
                }
                view.wrap(sequence, slot + SLOT_HEADER_LENGTH, length,
                    MEMORY.readInt(slot + SLOT_TAG_OFFSET), MEMORY.readLong(slot + SLOT_TIMESTAMP_OFFSET));
                view.inPlace(slot + SLOT_STAMP_OFFSET, stamp);
                heldSlot = slot;
                heldStamp = stamp;
                holding = true;
                return true;
            }
            if (!isLapped(stamp, sequence))
            {
                return false;
            }
            onLapped(sequence);
            publishProgress();
        }
    }

    /**
     * The producer wrote a later frame into the slot of {@code sequence}. OVERWRITE: count the frames lost and
     * resume at the newest published one. BLOCK: it can only mean this consumer was evicted.
     */
    private void onLapped(final long sequence)
    {
        if (!overwrite)
        {
            checkNotEvicted();
            throw new RingBufferException("ring buffer " + ring.path() + ": consumer '" + name + "' found frame " + sequence +
                " overwritten on a BLOCK ring although it is registered; was the file written by something else?");
        }
        // acquire: the newest committed frame is below the producer's position
        final long newest = MEMORY.readVolatileLong(producerPositionAddress) - 1;
        final long resume = Math.max(sequence + 1, newest);
        dropped += resume - sequence;
        position = resume;
    }

    /**
     * Writes consumed, dropped and position into our entry, if it is still ours: an evicted consumer's entry may
     * already belong to another consumer, whose position must not be overwritten.
     *
     * @throws ConsumerEvictedException if it is not ours any more.
     */
    private void publishProgress()
    {
        if (!publishProgressUnlessEvicted())
        {
            throw evictedException();
        }
    }

    /** As {@link #publishProgress()}, reporting eviction by returning false (for finally blocks). */
    private boolean publishProgressUnlessEvicted()
    {
        // acquire: our own state word; a changed one means the entry was taken from us
        if (evicted || MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET) != activeWord)
        {
            markEvicted();
            return false;
        }
        MEMORY.writeOrderedLong(entry + CONSUMER_CONSUMED_OFFSET, consumed);
        MEMORY.writeOrderedLong(entry + CONSUMER_DROPPED_OFFSET, dropped);
        // release: our reads of the slots below the position are done before the producer may see them free
        MEMORY.writeOrderedLong(entry + CONSUMER_POSITION_OFFSET, position);
        if (!overwrite)
        {
            spaceBell.ring(); // a BLOCK producer waiting for a free slot may sleep on it
        }
        return true;
    }

    /** A length out of range under a committed stamp: torn (the slot is being rewritten) or a corrupt file. */
    private void checkTorn(final long slot, final long stamp, final long sequence, final int length)
    {
        // seqlock reader: the length read completes before we look at the stamp again
        VarHandle.loadLoadFence();
        if (MEMORY.readVolatileLong(slot + SLOT_STAMP_OFFSET) == stamp)
        {
            throw new RingBufferException("ring buffer " + ring.path() + " is corrupt: frame " + sequence + " has length " +
                length + " but slots hold at most " + slotSize + " bytes");
        }
        onLapped(sequence);
    }

    private long scratch()
    {
        if (scratchAddress == 0)
        {
            scratchAddress = NativeMemory.allocate(slotSize);
        }
        return scratchAddress;
    }

    private void tick()
    {
        if (--dutyCountdown <= 0)
        {
            dutyCountdown = DUTY_CYCLE_CALLS;
            dutyCycle(clock.nanoTime());
        }
    }

    private void dutyCycle(final long now)
    {
        if (now - lastHeartbeatNs >= heartbeatIntervalNs)
        {
            lastHeartbeatNs = now;
            // release: a plain progress signal; only its age matters to the reader
            MEMORY.writeOrderedLong(entry + CONSUMER_HEARTBEAT_OFFSET, now);
            checkNotEvicted();
        }
    }

    private void checkNotEvicted()
    {
        if (MEMORY.readVolatileLong(entry + CONSUMER_STATE_OFFSET) != activeWord)
        {
            markEvicted();
            throw evictedException();
        }
    }

    private void markEvicted()
    {
        if (!evicted)
        {
            evicted = true;
            close();
        }
    }

    private ConsumerEvictedException evictedException()
    {
        return new ConsumerEvictedException("consumer '" + name + "' of ring buffer " + ring.path() + " was evicted: its " +
            "heartbeat was older than " + ring.heartbeatTimeoutNs() / 1_000_000 + " ms and its process looked gone " +
            "(was it stopped, or is its pid invisible to the producer's process?); register again to rejoin at the newest frame");
    }

    private void checkReady()
    {
        checkOpen();
        if (holding)
        {
            throw new IllegalStateException("release frame " + position + " before reading the next one (" + name + " on " +
                ring.path() + ")");
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            if (evicted)
            {
                throw evictedException();
            }
            throw new IllegalStateException("consumer '" + name + "' is closed (" + ring.path() + ")");
        }
    }
}

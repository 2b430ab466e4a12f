package io.tandem.ringbuffer;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.bytes.VanillaBytes;
import net.openhft.chronicle.core.UnsafeMemory;

/**
 * A slot claimed by the producer: write the payload straight into the mapped slot (zero copy), then
 * {@link #publish} it. The producer's reusable flyweight, valid from {@link RingProducer#claim} until
 * publish or {@link #abort()}.
 *
 * <pre>{@code
 * FrameClaim claim = producer.claim();
 * claim.bytes().writeLong(frameId).write(pixels, 0, n);      // into shared memory
 * claim.publish(TAG_IMAGE, System.nanoTime());                // length = bytes written
 *
 * producer.claim().putLong(0, price).putInt(8, size).publish(12, TAG_TICK, now);   // small frames
 * }</pre>
 */
public final class FrameClaim
{
    private final RingProducer producer;
    private final PointerBytesStore store = new PointerBytesStore();
    private final VanillaBytes<Void> bytes;
    private long sequence;
    private long address;
    private final int capacity;
    private boolean bytesReady;

    FrameClaim(final RingProducer producer, final int capacity)
    {
        this.producer = producer;
        this.capacity = capacity;
        store.singleThreadedCheckDisabled(true);
        bytes = store.bytesForWrite();
        bytes.singleThreadedCheckDisabled(true);
    }

    void wrap(final long sequence, final long address)
    {
        this.sequence = sequence;
        this.address = address;
        this.bytesReady = false;
    }

    /** @return the sequence this frame will have. */
    public long sequence()
    {
        return sequence;
    }

    /** @return the most payload the slot holds, bytes (the ring's slot size). */
    public int capacity()
    {
        return capacity;
    }

    /** @return the native address of the slot's payload, for native code or {@code Unsafe}. */
    public long address()
    {
        return address;
    }

    /**
     * @return the slot's payload as Chronicle Bytes: write position 0, write limit {@link #capacity()}; writing
     * past the limit throws instead of touching the next slot. What it holds at first is an older frame.
     */
    public Bytes<Void> bytes()
    {
        if (!bytesReady)
        {
            store.set(address, capacity);
            bytes.clear();
            bytesReady = true;
        }
        return bytes;
    }

    /** Writes {@code value} (native byte order) at {@code index} of the payload; returns this. */
    public FrameClaim putLong(final int index, final long value)
    {
        check(index, 8);
        UnsafeMemory.MEMORY.writeLong(address + index, value);
        return this;
    }

    /** Writes {@code value} (native byte order) at {@code index} of the payload; returns this. */
    public FrameClaim putInt(final int index, final int value)
    {
        check(index, 4);
        UnsafeMemory.MEMORY.writeInt(address + index, value);
        return this;
    }

    /** Writes {@code value} at {@code index} of the payload; returns this. */
    public FrameClaim putByte(final int index, final byte value)
    {
        check(index, 1);
        UnsafeMemory.MEMORY.writeByte(address + index, value);
        return this;
    }

    /**
     * Publishes the frame with the length written through {@link #bytes()} (0 if it was not used), tag 0 and
     * timestamp 0.
     *
     * @return the frame's sequence.
     */
    public long publish()
    {
        return publish(0, 0L);
    }

    /**
     * Publishes the frame with the length written through {@link #bytes()} (0 if it was not used).
     *
     * @return the frame's sequence.
     */
    public long publish(final int tag, final long timestamp)
    {
        return producer.publish(bytesReady ? (int)bytes.writePosition() : 0, tag, timestamp);
    }

    /**
     * Publishes the frame, {@code length} bytes long (for payloads written through {@link #address()}).
     *
     * @return the frame's sequence.
     */
    public long publish(final int length, final int tag, final long timestamp)
    {
        return producer.publish(length, tag, timestamp);
    }

    /** Gives the slot back unpublished: the next claim gets the same sequence. */
    public void abort()
    {
        producer.abort();
    }

    private void check(final int index, final int size)
    {
        if (index < 0 || index > capacity - size)
        {
            throw new IndexOutOfBoundsException("index " + index + " + " + size + " bytes is outside a slot of " + capacity + " bytes");
        }
    }

    void close()
    {
        bytes.releaseLast();
        store.releaseLast();
    }

    @Override
    public String toString()
    {
        return "FrameClaim{sequence=" + sequence + ", capacity=" + capacity + '}';
    }
}

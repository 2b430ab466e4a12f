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
    private final FrameArray array = new FrameArray(true);
    private int shapedLength;

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
        this.shapedLength = 0;
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

    /**
     * Makes this a shaped frame: writes a {@link FrameShapeDescriptor shape header} (user value 0) at the start of
     * the payload and returns a writable, typed view of the data after it. {@link #publish(int, long)} then
     * publishes at least the header and the data; a consumer's {@link Frame#array()} (or a Python consumer's
     * {@code frame.image()}) sees the same array.
     *
     * <pre>{@code
     * FrameClaim claim = producer.claim();
     * FrameArray rgb = claim.shaped(FrameShapeDescriptor.TYPE_UINT8, 480, 640, 3);
     * rgb.copyFrom(pixels, 0);                   // or rgb.setUint8(rgb.index(y, x, c), value)
     * rgb.setUserDouble(mean);                   // 8 bytes of the header for the application
     * claim.publish(TAG_RGB, System.nanoTime());
     * }</pre>
     *
     * @param typeCode one of {@link FrameShapeDescriptor}'s {@code TYPE_} codes.
     * @param dims     1 to 4 dimensions, outermost first, each at least 1.
     * @return the data view: the claim's own (one per producer), valid until publish or abort.
     * @throws IllegalArgumentException if the type code, rank or a dimension is invalid, or header and data do not
     *                                  fit the slot (the message says which).
     */
    public FrameArray shaped(final int typeCode, final int... dims)
    {
        array.wrapClaim(address, capacity, typeCode, dims);
        shapedLength = (int)(FrameShapeDescriptor.HEADER_LENGTH + array.byteSize());
        return array;
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
     * Publishes the frame with the length written through {@link #bytes()} (0 if it was not used; at least header
     * and data for a {@link #shaped} frame), tag 0 and timestamp 0.
     *
     * @return the frame's sequence.
     */
    public long publish()
    {
        return publish(0, 0L);
    }

    /**
     * Publishes the frame with the length written through {@link #bytes()} (0 if it was not used); a
     * {@link #shaped} frame is at least its header and data long.
     *
     * @return the frame's sequence.
     */
    public long publish(final int tag, final long timestamp)
    {
        return producer.publish(Math.max(shapedLength, bytesReady ? (int)bytes.writePosition() : 0), tag, timestamp);
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

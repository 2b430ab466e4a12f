package io.tandem.ringbuffer;

import net.openhft.chronicle.bytes.BytesIn;

import java.nio.ByteBuffer;

/**
 * A frame as a consumer sees it: sequence, length, tag, timestamp and the payload, read in place in the
 * mapped slot (or, for {@link RingConsumer#poll} on an OVERWRITE ring, in the consumer's private copy).
 * A view, valid until the frame is released: {@link RingConsumer#release()} after
 * {@link RingConsumer#receive}, or the return of {@link FrameHandler#onFrame}. Copy what you keep.
 *
 * <pre>{@code
 * Frame frame = consumer.receive(Duration.ofSeconds(1));
 * if (frame != null) {
 *     long id = frame.getLong(0);                  // in place
 *     frame.copyTo(image);                         // or copied out
 *     FrameArray shaped = frame.array();           // or typed, if the producer wrote a shape header
 *     boolean intact = consumer.release();         // OVERWRITE: false = overwritten while read, discard
 * }
 * }</pre>
 */
public interface Frame
{
    /** @return the frame's sequence: 0 for the first frame ever published on the ring, then +1 per frame. */
    long sequence();

    /** @return payload length, bytes. */
    int length();

    /** @return the user tag the producer published with the frame. */
    int tag();

    /** @return the timestamp the producer published with the frame (its meaning is the producer's). */
    long timestamp();

    /**
     * @return the payload as Chronicle Bytes: read position 0, read limit {@link #length()}. A read-only view:
     * writing through it (by casting) would corrupt other consumers' data.
     */
    BytesIn<?> bytes();

    /**
     * @return the payload as a typed, shaped array if it starts with a {@link FrameShapeDescriptor shape header}
     * (an image, say: {@code image.getUint8(image.index(row, col, channel))}), or null if it does not (plain bytes).
     * A reusable view, valid until the frame is released, like the frame.
     * @throws RingBufferException if the payload starts with the header's magic but the header is bad (unknown
     *                             type code, rank outside 1..4, a dimension below 1, more data than the payload),
     *                             or (OVERWRITE, read in place) if the producer overwrote the frame while its header
     *                             was read: the message says which. As for every in-place read on an OVERWRITE
     *                             ring, {@link RingConsumer#release()} says whether what was read was intact.
     */
    FrameArray array();

    /** @return the native address of the payload's first byte, for native code; valid until release. */
    long address();

    /** @return the byte at {@code index} of the payload. */
    byte getByte(int index);

    /** @return the native-order int at {@code index} of the payload. */
    int getInt(int index);

    /** @return the native-order long at {@code index} of the payload. */
    long getLong(int index);

    /**
     * Copies the payload into {@code dst} from {@code offset}.
     *
     * @return {@link #length()}.
     * @throws IndexOutOfBoundsException if it does not fit.
     */
    int copyTo(byte[] dst, int offset);

    /** Copies the payload to the start of {@code dst}; returns {@link #length()}. */
    default int copyTo(final byte[] dst)
    {
        return copyTo(dst, 0);
    }

    /**
     * Copies the payload into {@code dst} at its position and advances the position.
     *
     * @return {@link #length()}.
     * @throws java.nio.BufferOverflowException if fewer than {@link #length()} bytes remain.
     */
    int copyTo(ByteBuffer dst);
}

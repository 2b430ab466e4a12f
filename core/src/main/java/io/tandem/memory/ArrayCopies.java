package io.tandem.memory;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Objects;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE;

/**
 * Bulk copies between a {@link SharedArray}'s elements and Java arrays or NIO buffers: a view of one array,
 * from {@link SharedArray#copies()} (one instance per open array, so taking it allocates nothing).
 *
 * <pre>{@code
 * try (SharedArray frame = SharedArray.create("frame", ElementType.FLOAT, 480, 640))
 * {
 *     float[] row = new float[640];
 *     frame.copies().copyFrom(frame.index(7, 0), row);          // row 7 from a Java array
 *     frame.copies().copyTo(0, FloatBuffer.allocate(640));      // row 0 into a buffer (values, any byte order)
 *     frame.copies().copyTo(0, ByteBuffer.allocateDirect(64));  // 16 floats as raw native-order bytes
 * }
 * try (SharedArray rgb = SharedArray.create("rgb", ElementType.UINT8, 480, 640, 3))
 * {
 *     rgb.copies().copyFrom(0, pixels);                         // a byte[] of 921600: uint8 bits as they are
 * }
 * }</pre>
 *
 * <p>Every copy is one memory copy with no ordering of its own (see {@link SharedArray}'s class comment for what
 * makes it visible to another process). Indices are flat (row-major) element indices. A refused copy changes
 * nothing. Each method throws
 * <ul>
 *   <li>{@link IndexOutOfBoundsException} if the array's range or the Java array's range is out of bounds;</li>
 *   <li>{@link UnsupportedOperationException} if the Java array's (or typed buffer's) type is not the element
 *       type: a {@code float[]} copies only to and from a {@link ElementType#FLOAT} array. The types without a
 *       Java primitive copy their raw bits through the array of their width: {@code byte[]} for
 *       {@link ElementType#UINT8} and {@link ElementType#BOOL}, {@code short[]} (or a {@code ShortBuffer}) for
 *       {@link ElementType#UINT16} and {@link ElementType#FLOAT16} (bits: see {@code Float16}), {@code int[]} for
 *       {@link ElementType#UINT32};</li>
 *   <li>{@link IllegalStateException} once the array is closed.</li>
 * </ul>
 */
public final class ArrayCopies
{
    private final SharedArray array;

    ArrayCopies(final SharedArray array)
    {
        this.array = array;
    }

    /** Copies {@code src[srcOffset, srcOffset + count)} to a {@link ElementType#BYTE} array from element {@code index}. */
    public void copyFrom(final long index, final byte[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.BYTE, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into a {@link ElementType#BYTE} array from element {@code index}. */
    public void copyFrom(final long index, final byte[] src)
    {
        copyIn(ElementType.BYTE, index, src, src.length, 0, src.length);
    }

    /** Copies {@code count} elements of a {@link ElementType#BYTE} array from {@code index} to {@code dst[dstOffset...]}. */
    public void copyTo(final long index, final byte[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.BYTE, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} with elements of a {@link ElementType#BYTE} array from {@code index}. */
    public void copyTo(final long index, final byte[] dst)
    {
        copyOut(ElementType.BYTE, index, dst, dst.length, 0, dst.length);
    }

    /** Copies {@code src[srcOffset, srcOffset + count)} to a {@link ElementType#SHORT} array from element {@code index}. */
    public void copyFrom(final long index, final short[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.SHORT, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into a {@link ElementType#SHORT} array from element {@code index}. */
    public void copyFrom(final long index, final short[] src)
    {
        copyIn(ElementType.SHORT, index, src, src.length, 0, src.length);
    }

    /** Copies {@code count} elements of a {@link ElementType#SHORT} array from {@code index} to {@code dst[dstOffset...]}. */
    public void copyTo(final long index, final short[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.SHORT, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} with elements of a {@link ElementType#SHORT} array from {@code index}. */
    public void copyTo(final long index, final short[] dst)
    {
        copyOut(ElementType.SHORT, index, dst, dst.length, 0, dst.length);
    }

    /** Copies {@code src[srcOffset, srcOffset + count)} to an {@link ElementType#INT} array from element {@code index}. */
    public void copyFrom(final long index, final int[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.INT, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into an {@link ElementType#INT} array from element {@code index}. */
    public void copyFrom(final long index, final int[] src)
    {
        copyIn(ElementType.INT, index, src, src.length, 0, src.length);
    }

    /** Copies {@code count} elements of an {@link ElementType#INT} array from {@code index} to {@code dst[dstOffset...]}. */
    public void copyTo(final long index, final int[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.INT, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} with elements of an {@link ElementType#INT} array from {@code index}. */
    public void copyTo(final long index, final int[] dst)
    {
        copyOut(ElementType.INT, index, dst, dst.length, 0, dst.length);
    }

    /** Copies {@code src[srcOffset, srcOffset + count)} to a {@link ElementType#LONG} array from element {@code index}. */
    public void copyFrom(final long index, final long[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.LONG, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into a {@link ElementType#LONG} array from element {@code index}. */
    public void copyFrom(final long index, final long[] src)
    {
        copyIn(ElementType.LONG, index, src, src.length, 0, src.length);
    }

    /** Copies {@code count} elements of a {@link ElementType#LONG} array from {@code index} to {@code dst[dstOffset...]}. */
    public void copyTo(final long index, final long[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.LONG, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} with elements of a {@link ElementType#LONG} array from {@code index}. */
    public void copyTo(final long index, final long[] dst)
    {
        copyOut(ElementType.LONG, index, dst, dst.length, 0, dst.length);
    }

    /** Copies {@code src[srcOffset, srcOffset + count)} to a {@link ElementType#FLOAT} array from element {@code index}. */
    public void copyFrom(final long index, final float[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.FLOAT, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into a {@link ElementType#FLOAT} array from element {@code index}. */
    public void copyFrom(final long index, final float[] src)
    {
        copyIn(ElementType.FLOAT, index, src, src.length, 0, src.length);
    }

    /** Copies {@code count} elements of a {@link ElementType#FLOAT} array from {@code index} to {@code dst[dstOffset...]}. */
    public void copyTo(final long index, final float[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.FLOAT, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} with elements of a {@link ElementType#FLOAT} array from {@code index}. */
    public void copyTo(final long index, final float[] dst)
    {
        copyOut(ElementType.FLOAT, index, dst, dst.length, 0, dst.length);
    }

    /** Copies {@code src[srcOffset, srcOffset + count)} to a {@link ElementType#DOUBLE} array from element {@code index}. */
    public void copyFrom(final long index, final double[] src, final int srcOffset, final int count)
    {
        copyIn(ElementType.DOUBLE, index, src, src.length, srcOffset, count);
    }

    /** Copies all of {@code src} into a {@link ElementType#DOUBLE} array from element {@code index}. */
    public void copyFrom(final long index, final double[] src)
    {
        copyIn(ElementType.DOUBLE, index, src, src.length, 0, src.length);
    }

    /** Copies {@code count} elements of a {@link ElementType#DOUBLE} array from {@code index} to {@code dst[dstOffset...]}. */
    public void copyTo(final long index, final double[] dst, final int dstOffset, final int count)
    {
        copyOut(ElementType.DOUBLE, index, dst, dst.length, dstOffset, count);
    }

    /** Fills all of {@code dst} with elements of a {@link ElementType#DOUBLE} array from {@code index}. */
    public void copyTo(final long index, final double[] dst)
    {
        copyOut(ElementType.DOUBLE, index, dst, dst.length, 0, dst.length);
    }

    /**
     * Copies the remaining content of {@code src} into the array from element {@code index}, and advances
     * {@code src}'s position.
     * <ul>
     *   <li>A {@link ByteBuffer} is raw element bytes in the machine's native order, for an array of any type (its
     *       {@code order()} does not matter: a bulk byte copy ignores it); its remaining bytes must be a whole
     *       number of elements ({@link IllegalArgumentException} otherwise).</li>
     *   <li>A {@code ShortBuffer}, {@code IntBuffer}, {@code LongBuffer}, {@code FloatBuffer} or
     *       {@code DoubleBuffer} holds values of that element type: a buffer in the other byte order is converted
     *       (element by element; native-order buffers are one memory copy).</li>
     * </ul>
     *
     * @throws IllegalArgumentException for a {@code CharBuffer}, or a byte count that is not whole elements.
     * @throws IndexOutOfBoundsException if the array has too few elements from {@code index}.
     */
    public void copyFrom(final long index, final Buffer src)
    {
        NioCopies.copyIn(array, index, src);
    }

    /**
     * Copies elements from {@code index} into the remaining content of {@code dst} (as {@link #copyFrom(long, Buffer)}
     * reads it), and advances {@code dst}'s position.
     *
     * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only.
     * @throws IllegalArgumentException for a {@code CharBuffer}, or a byte count that is not whole elements.
     * @throws IndexOutOfBoundsException if the array has too few elements from {@code index}.
     */
    public void copyTo(final long index, final Buffer dst)
    {
        NioCopies.copyOut(array, index, dst);
    }

    @Override
    public String toString()
    {
        return "ArrayCopies(" + array + ")";
    }

    // One loop for every Java array type: the element type gives the shift, Unsafe the array's base offset.

    private void copyIn(final ElementType accessType, final long index, final Object src, final int srcLength,
        final int srcOffset, final int count)
    {
        Objects.checkFromIndexSize(srcOffset, count, srcLength);
        final long target = array.checkedAddress(accessType, index, index + count, true);
        final int shift = accessType.shift();
        ArrayMemory.copy(src, UNSAFE.arrayBaseOffset(src.getClass()) + ((long)srcOffset << shift), null, target,
            (long)count << shift);
    }

    private void copyOut(final ElementType accessType, final long index, final Object dst, final int dstLength,
        final int dstOffset, final int count)
    {
        Objects.checkFromIndexSize(dstOffset, count, dstLength);
        final long source = array.checkedAddress(accessType, index, index + count, true);
        final int shift = accessType.shift();
        ArrayMemory.copy(null, source, dst, UNSAFE.arrayBaseOffset(dst.getClass()) + ((long)dstOffset << shift),
            (long)count << shift);
    }
}

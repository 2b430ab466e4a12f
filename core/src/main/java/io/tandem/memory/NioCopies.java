package io.tandem.memory;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.ShortBuffer;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE;

/**
 * Copies between a {@link SharedArray}'s elements and the remaining content of an NIO buffer, behind
 * {@link ArrayCopies#copyFrom(long, Buffer)} and {@link ArrayCopies#copyTo(long, Buffer)}. Not API.
 *
 * <p>A {@link ByteBuffer} is raw element bytes in native order, for an array of any type (a bulk byte copy ignores
 * the buffer's {@code order()}). A typed buffer ({@link ShortBuffer} ... {@link DoubleBuffer}) holds values of
 * that element type: native-order buffers, heap or direct, are one memory copy; read-only heap buffers and views
 * in the other byte order go value by value, through the buffer's absolute get/put that converts the order.
 */
final class NioCopies
{
    /** {@code Buffer.address}: a direct buffer's base address (the buffer's position is added to it). */
    private static final long BUFFER_ADDRESS = bufferAddressOffset();

    private NioCopies()
    {
    }

    /** Copies {@code src}'s remaining content into {@code array} from element {@code index}, and advances it. */
    static void copyIn(final SharedArray array, final long index, final Buffer src)
    {
        final ElementType accessType = accessType(array, src);
        final long count = elementsIn(array, src, accessType);
        final long target = array.checkedAddress(accessType, index, index + count, true);
        final int position = src.position();
        final long bytes = count << accessType.shift();
        final int shift = bufferShift(src);
        if (src.isDirect() && rawCopyable(src))
        {
            ArrayMemory.copy(null, UNSAFE.getLong(src, BUFFER_ADDRESS) + ((long)position << shift), null, target, bytes);
        }
        else if (src.hasArray() && rawCopyable(src))
        {
            final Object heap = src.array();
            ArrayMemory.copy(heap, UNSAFE.arrayBaseOffset(heap.getClass()) + ((long)(src.arrayOffset() + position) << shift),
                null, target, bytes);
        }
        else
        {
            final int values = src.remaining();
            for (int i = 0; i < values; i++)
            {
                putValue(src, position + i, target + ((long)i << shift));
            }
        }
        src.position(position + src.remaining());
    }

    /** Copies elements of {@code array} from {@code index} into {@code dst}'s remaining content, and advances it. */
    static void copyOut(final SharedArray array, final long index, final Buffer dst)
    {
        if (dst.isReadOnly())
        {
            throw new ReadOnlyBufferException();
        }
        final ElementType accessType = accessType(array, dst);
        final long count = elementsIn(array, dst, accessType);
        final long source = array.checkedAddress(accessType, index, index + count, true);
        final int position = dst.position();
        final long bytes = count << accessType.shift();
        final int shift = bufferShift(dst);
        if (dst.isDirect() && rawCopyable(dst))
        {
            ArrayMemory.copy(null, source, null, UNSAFE.getLong(dst, BUFFER_ADDRESS) + ((long)position << shift), bytes);
        }
        else if (dst.hasArray() && rawCopyable(dst))
        {
            final Object heap = dst.array();
            ArrayMemory.copy(null, source, heap, UNSAFE.arrayBaseOffset(heap.getClass()) +
                ((long)(dst.arrayOffset() + position) << shift), bytes);
        }
        else
        {
            final int values = dst.remaining();
            for (int i = 0; i < values; i++)
            {
                getValue(dst, position + i, source + ((long)i << shift));
            }
        }
        dst.position(position + dst.remaining());
    }

    /** @return the element type a buffer's values are: the array's own for raw bytes, the buffer's otherwise. */
    private static ElementType accessType(final SharedArray array, final Buffer buffer)
    {
        if (buffer instanceof ByteBuffer)
        {
            return array.elementType();
        }
        if (buffer instanceof ShortBuffer)
        {
            return ElementType.SHORT;
        }
        if (buffer instanceof IntBuffer)
        {
            return ElementType.INT;
        }
        if (buffer instanceof LongBuffer)
        {
            return ElementType.LONG;
        }
        if (buffer instanceof FloatBuffer)
        {
            return ElementType.FLOAT;
        }
        if (buffer instanceof DoubleBuffer)
        {
            return ElementType.DOUBLE;
        }
        throw new IllegalArgumentException("shared array '" + array.name() + "' copies only Byte, Short, Int, Long, " +
            "Float and Double buffers, not " + buffer.getClass().getName());
    }

    /** @return how many elements of {@code accessType} the buffer's remaining content is. */
    private static long elementsIn(final SharedArray array, final Buffer buffer, final ElementType accessType)
    {
        if (!(buffer instanceof ByteBuffer))
        {
            return buffer.remaining();
        }
        final int bytes = buffer.remaining();
        if ((bytes & (accessType.size() - 1)) != 0)
        {
            throw new IllegalArgumentException("the buffer has " + bytes + " bytes remaining, not a whole number of " +
                accessType + " elements (" + accessType.size() + " bytes each) for shared array '" + array.name() + "'");
        }
        return bytes >> accessType.shift();
    }

    /** @return true if the buffer's memory holds the values as the array does: bytes, or values in native order. */
    private static boolean rawCopyable(final Buffer buffer)
    {
        return buffer instanceof ByteBuffer || order(buffer) == ByteOrder.nativeOrder();
    }

    private static ByteOrder order(final Buffer buffer)
    {
        if (buffer instanceof ShortBuffer)
        {
            return ((ShortBuffer)buffer).order();
        }
        if (buffer instanceof IntBuffer)
        {
            return ((IntBuffer)buffer).order();
        }
        if (buffer instanceof LongBuffer)
        {
            return ((LongBuffer)buffer).order();
        }
        if (buffer instanceof FloatBuffer)
        {
            return ((FloatBuffer)buffer).order();
        }
        return ((DoubleBuffer)buffer).order();
    }

    /** @return log2 of the bytes per position of {@code buffer}. */
    private static int bufferShift(final Buffer buffer)
    {
        if (buffer instanceof ByteBuffer)
        {
            return 0;
        }
        if (buffer instanceof ShortBuffer)
        {
            return 1;
        }
        if (buffer instanceof IntBuffer || buffer instanceof FloatBuffer)
        {
            return 2;
        }
        return 3;
    }

    private static void putValue(final Buffer src, final int position, final long address)
    {
        if (src instanceof ByteBuffer)
        {
            UNSAFE.putByte(address, ((ByteBuffer)src).get(position));
        }
        else if (src instanceof ShortBuffer)
        {
            UNSAFE.putShort(address, ((ShortBuffer)src).get(position));
        }
        else if (src instanceof IntBuffer)
        {
            UNSAFE.putInt(address, ((IntBuffer)src).get(position));
        }
        else if (src instanceof LongBuffer)
        {
            UNSAFE.putLong(address, ((LongBuffer)src).get(position));
        }
        else if (src instanceof FloatBuffer)
        {
            UNSAFE.putFloat(address, ((FloatBuffer)src).get(position));
        }
        else
        {
            UNSAFE.putDouble(address, ((DoubleBuffer)src).get(position));
        }
    }

    private static void getValue(final Buffer dst, final int position, final long address)
    {
        if (dst instanceof ByteBuffer)
        {
            ((ByteBuffer)dst).put(position, UNSAFE.getByte(address));
        }
        else if (dst instanceof ShortBuffer)
        {
            ((ShortBuffer)dst).put(position, UNSAFE.getShort(address));
        }
        else if (dst instanceof IntBuffer)
        {
            ((IntBuffer)dst).put(position, UNSAFE.getInt(address));
        }
        else if (dst instanceof LongBuffer)
        {
            ((LongBuffer)dst).put(position, UNSAFE.getLong(address));
        }
        else if (dst instanceof FloatBuffer)
        {
            ((FloatBuffer)dst).put(position, UNSAFE.getFloat(address));
        }
        else
        {
            ((DoubleBuffer)dst).put(position, UNSAFE.getDouble(address));
        }
    }

    private static long bufferAddressOffset()
    {
        try
        {
            return UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        }
        catch (final NoSuchFieldException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}

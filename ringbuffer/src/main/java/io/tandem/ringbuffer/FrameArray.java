package io.tandem.ringbuffer;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.core.UnsafeMemory;
import io.tandem.ringbuffer.internal.NativeMemory;

import java.util.Arrays;
import java.util.Objects;

import static io.tandem.ringbuffer.FrameShapeDescriptor.HEADER_LENGTH;
import static io.tandem.ringbuffer.FrameShapeDescriptor.MAGIC;
import static io.tandem.ringbuffer.FrameShapeDescriptor.MAGIC_OFFSET;
import static io.tandem.ringbuffer.FrameShapeDescriptor.MAX_RANK;
import static io.tandem.ringbuffer.FrameShapeDescriptor.RANK_OFFSET;
import static io.tandem.ringbuffer.FrameShapeDescriptor.RESERVED_OFFSET;
import static io.tandem.ringbuffer.FrameShapeDescriptor.ELEMENT_TYPE_OFFSET;
import static io.tandem.ringbuffer.FrameShapeDescriptor.USER_VALUE_OFFSET;
import static io.tandem.ringbuffer.FrameShapeDescriptor.dimOffset;
import static io.tandem.ringbuffer.FrameShapeDescriptor.isKnownType;

/**
 * A shaped frame's data as a typed, shaped array, in place in the slot: the ring's counterpart of a shared array
 * (and of the ndarray a Python consumer's {@code frame.image()} returns). A consumer gets a read-only one from
 * {@link Frame#array()}; a producer gets a writable one from {@link FrameClaim#shaped(int, int...)}, which writes
 * the {@link FrameShapeDescriptor header}. A reusable flyweight: valid as long as the frame or claim it came from.
 *
 * <pre>{@code
 * Frame frame = consumer.receive(Duration.ofSeconds(1));
 * FrameArray image = frame == null ? null : frame.array();           // null: no shape header
 * if (image != null && image.typeCode() == FrameShapeDescriptor.TYPE_UINT8 && image.rank() == 3) {
 *     int green = image.getUint8(image.index(row, col, 1));           // 0..255
 *     double expected = image.userDouble();                           // what the producer put in the header
 * }
 * consumer.release();
 * }</pre>
 *
 * <p>Elements are row-major (C order); indices are flat element indices ({@link #index} maps (i, j[, k]) to
 * one). Each accessor belongs to one type code, as {@code SharedArray}'s do: unsigned values widen on read
 * (uint8 and uint16 to {@code int}, uint32 to {@code long}) and are range-checked on write; bool is a
 * {@code boolean} (any non-zero byte reads as true; true is stored as 1); float16 converts to and from
 * {@code float} ({@link Float16}). An accessor of another type throws {@link UnsupportedOperationException}, an
 * index outside the array {@link IndexOutOfBoundsException}, a setter on a consumer's view
 * {@link UnsupportedOperationException}, and a value out of an unsigned type's range
 * {@link IllegalArgumentException} naming index, value and type. Accesses are plain loads and stores: the
 * ring's publish and acquire order them.
 */
public final class FrameArray
{
    private final boolean writable;
    private final int[] dims = new int[MAX_RANK];
    private long address;
    private int typeCode;
    private int shift;
    private int rank;
    private long length;
    private long userValueAddress;
    private PointerBytesStore store;

    FrameArray(final boolean writable)
    {
        this.writable = writable;
    }

    // ------------------------------------------------------------------------------------------ wrapping

    /**
     * Points this view at the shaped data of a consumer's frame.
     *
     * @return false if the payload does not start with the shape header's magic (a frame of plain bytes).
     * @throws RingBufferException if it does, but the header is bad: the message names the frame and the field.
     */
    boolean wrapFrame(final long sequence, final long payload, final int payloadLength)
    {
        if (payloadLength < HEADER_LENGTH || UnsafeMemory.MEMORY.readInt(payload + MAGIC_OFFSET) != MAGIC)
        {
            return false;
        }
        final int code = UnsafeMemory.MEMORY.readByte(payload + ELEMENT_TYPE_OFFSET) & 0xFF;
        final int frameRank = UnsafeMemory.MEMORY.readByte(payload + RANK_OFFSET) & 0xFF;
        for (int axis = 0; axis < MAX_RANK; axis++)
        {
            // read into the view's own array: no allocation per frame (on a bad header the view is not handed out)
            dims[axis] = UnsafeMemory.MEMORY.readInt(payload + dimOffset(axis));
        }
        final String problem = problem(code, frameRank, dims, payloadLength - HEADER_LENGTH);
        if (problem != null)
        {
            throw new RingBufferException("frame " + sequence + " starts with a shape header, but " + problem +
                ": the producer wrote a bad header (see FrameShapeDescriptor); read frame.bytes() for the raw payload");
        }
        set(payload, code, dims, frameRank);
        return true;
    }

    /**
     * Writes a shape header (user value 0) at the start of a claimed slot and points this view at its data.
     *
     * @throws IllegalArgumentException if the type, rank or a dimension is invalid or the data does not fit.
     */
    void wrapClaim(final long payload, final int capacity, final int code, final int[] claimDims)
    {
        Objects.requireNonNull(claimDims, "dims");
        final String problem = problem(code, claimDims.length, claimDims, capacity - HEADER_LENGTH);
        if (problem != null)
        {
            throw new IllegalArgumentException("cannot shape a frame: " + problem);
        }
        UnsafeMemory.MEMORY.writeInt(payload + MAGIC_OFFSET, MAGIC);
        UnsafeMemory.MEMORY.writeByte(payload + ELEMENT_TYPE_OFFSET, (byte)code);
        UnsafeMemory.MEMORY.writeByte(payload + RANK_OFFSET, (byte)claimDims.length);
        UnsafeMemory.MEMORY.writeShort(payload + RESERVED_OFFSET, (short)0);
        for (int axis = 0; axis < MAX_RANK; axis++)
        {
            // entries past the rank are zero: the slot may hold an older frame's header
            UnsafeMemory.MEMORY.writeInt(payload + dimOffset(axis), axis < claimDims.length ? claimDims[axis] : 0);
        }
        UnsafeMemory.MEMORY.writeLong(payload + USER_VALUE_OFFSET, 0L);
        set(payload, code, claimDims, claimDims.length);
    }

    /** @return what is wrong with a header of these fields, whose data may take {@code room} bytes; null if nothing. */
    private static String problem(final int code, final int rank, final int[] dims, final long room)
    {
        if (!isKnownType(code))
        {
            return "its element type code " + code + " is not one of 1 (int8) to " + FrameShapeDescriptor.TYPE_FLOAT16 + " (float16)";
        }
        if (rank < 1 || rank > MAX_RANK)
        {
            return "its rank " + rank + " is not 1 to " + MAX_RANK;
        }
        long bytes = FrameShapeDescriptor.elementSize(code);
        for (int axis = 0; axis < rank; axis++)
        {
            if (dims[axis] < 1)
            {
                return "its dimension " + axis + " is " + dims[axis] + " (each of the " + rank + " must be at least 1)";
            }
            bytes *= dims[axis];
            if (bytes > room)
            {
                break;
            }
        }
        if (bytes > room)
        {
            return "its data (" + FrameShapeDescriptor.numpyName(code) + Arrays.toString(Arrays.copyOf(dims, rank)) + ", " +
                (bytes > Integer.MAX_VALUE ? "more than 2^31" : Long.toString(bytes)) + " bytes) is longer than the " +
                Math.max(0, room) + " bytes after the " + HEADER_LENGTH + "-byte header";
        }
        return null;
    }

    private void set(final long payload, final int code, final int[] newDims, final int newRank)
    {
        this.address = payload + HEADER_LENGTH;
        this.userValueAddress = payload + USER_VALUE_OFFSET;
        this.typeCode = code;
        this.shift = Integer.numberOfTrailingZeros(FrameShapeDescriptor.elementSize(code));
        this.rank = newRank;
        long elements = 1;
        for (int axis = 0; axis < MAX_RANK; axis++)
        {
            final int dim = axis < newRank ? newDims[axis] : 0;
            dims[axis] = dim;
            elements *= axis < newRank ? dim : 1;
        }
        this.length = elements;
        if (store != null)
        {
            store.set(address, byteSize());
        }
    }

    // ------------------------------------------------------------------------------------------ describing

    /** @return the element type code, one of {@link FrameShapeDescriptor}'s {@code TYPE_} constants. */
    public int typeCode()
    {
        return typeCode;
    }

    /** @return the NumPy dtype name of the elements, e.g. {@code uint8}. */
    public String numpyName()
    {
        return FrameShapeDescriptor.numpyName(typeCode);
    }

    /** @return bytes per element. */
    public int elementSize()
    {
        return 1 << shift;
    }

    /** @return the number of dimensions, 1 to {@value FrameShapeDescriptor#MAX_RANK}. */
    public int rank()
    {
        return rank;
    }

    /** @return the size of dimension {@code axis} (outermost first). */
    public int dim(final int axis)
    {
        Objects.checkIndex(axis, rank);
        return dims[axis];
    }

    /** @return a copy of the dimensions, outermost first. */
    public int[] dims()
    {
        return Arrays.copyOf(dims, rank);
    }

    /** @return the number of elements, the product of the dimensions. */
    public long length()
    {
        return length;
    }

    /** @return the bytes of data: {@code length() * elementSize()}. */
    public long byteSize()
    {
        return length << shift;
    }

    /** @return the header's user value as a long. */
    public long userValue()
    {
        return UnsafeMemory.MEMORY.readLong(userValueAddress);
    }

    /** @return the header's user value as a double (its bits). */
    public double userDouble()
    {
        return Double.longBitsToDouble(userValue());
    }

    /** Sets the header's user value (producer only); returns this. */
    public FrameArray setUserValue(final long value)
    {
        requireWritable();
        UnsafeMemory.MEMORY.writeLong(userValueAddress, value);
        return this;
    }

    /** Sets the header's user value to a double's bits (producer only); returns this. */
    public FrameArray setUserDouble(final double value)
    {
        return setUserValue(Double.doubleToRawLongBits(value));
    }

    /** @return the native address of element 0 (8-aligned), for native code; valid as long as the frame. */
    public long address()
    {
        return address;
    }

    /** @return the data as a Chronicle {@link BytesStore} of {@link #byteSize()} bytes (one instance, re-pointed). */
    public BytesStore<?, Void> bytesStore()
    {
        if (store == null)
        {
            store = new PointerBytesStore();
            store.singleThreadedCheckDisabled(true);
            store.set(address, byteSize());
        }
        return store;
    }

    // ------------------------------------------------------------------------------------------ indices

    /** @return the flat index of element {@code (i, j)} of a 2-D array. */
    public long index(final int i, final int j)
    {
        if (rank != 2 || Integer.compareUnsigned(i, dims[0]) >= 0 || Integer.compareUnsigned(j, dims[1]) >= 0)
        {
            throw badIndex(new int[] {i, j});
        }
        return (long)i * dims[1] + j;
    }

    /** @return the flat index of element {@code (i, j, k)} of a 3-D array, e.g. (row, column, channel). */
    public long index(final int i, final int j, final int k)
    {
        if (rank != 3 || Integer.compareUnsigned(i, dims[0]) >= 0 || Integer.compareUnsigned(j, dims[1]) >= 0 ||
            Integer.compareUnsigned(k, dims[2]) >= 0)
        {
            throw badIndex(new int[] {i, j, k});
        }
        return ((long)i * dims[1] + j) * dims[2] + k;
    }

    /** @return the flat index of the element at {@code indices}, one per dimension. */
    public long index(final int... indices)
    {
        if (indices.length != rank)
        {
            throw badIndex(indices);
        }
        long flat = 0;
        for (int axis = 0; axis < rank; axis++)
        {
            if (Integer.compareUnsigned(indices[axis], dims[axis]) >= 0)
            {
                throw badIndex(indices);
            }
            flat = flat * dims[axis] + indices[axis];
        }
        return flat;
    }

    // ------------------------------------------------------------------------------------------ reading

    /** @return element {@code index} of an int8 array. */
    public byte getByte(final long index)
    {
        return UnsafeMemory.MEMORY.readByte(at(index, FrameShapeDescriptor.TYPE_INT8));
    }

    /** @return element {@code index} of a uint8 array, 0 to 255. */
    public int getUint8(final long index)
    {
        return UnsafeMemory.MEMORY.readByte(at(index, FrameShapeDescriptor.TYPE_UINT8)) & 0xFF;
    }

    /** @return element {@code index} of a bool array: false for 0, true otherwise. */
    public boolean getBool(final long index)
    {
        return UnsafeMemory.MEMORY.readByte(at(index, FrameShapeDescriptor.TYPE_BOOL)) != 0;
    }

    /** @return element {@code index} of an int16 array. */
    public short getShort(final long index)
    {
        return UnsafeMemory.MEMORY.readShort(at(index, FrameShapeDescriptor.TYPE_INT16));
    }

    /** @return element {@code index} of a uint16 array, 0 to 65535. */
    public int getUint16(final long index)
    {
        return UnsafeMemory.MEMORY.readShort(at(index, FrameShapeDescriptor.TYPE_UINT16)) & 0xFFFF;
    }

    /** @return element {@code index} of a float16 array, as a float (exact). */
    public float getFloat16(final long index)
    {
        return Float16.toFloat(UnsafeMemory.MEMORY.readShort(at(index, FrameShapeDescriptor.TYPE_FLOAT16)));
    }

    /** @return element {@code index} of an int32 array. */
    public int getInt(final long index)
    {
        return UnsafeMemory.MEMORY.readInt(at(index, FrameShapeDescriptor.TYPE_INT32));
    }

    /** @return element {@code index} of a uint32 array, 0 to 2^32 - 1. */
    public long getUint32(final long index)
    {
        return UnsafeMemory.MEMORY.readInt(at(index, FrameShapeDescriptor.TYPE_UINT32)) & 0xFFFF_FFFFL;
    }

    /** @return element {@code index} of a float32 array. */
    public float getFloat(final long index)
    {
        return UnsafeMemory.MEMORY.readFloat(at(index, FrameShapeDescriptor.TYPE_FLOAT32));
    }

    /** @return element {@code index} of an int64 array. */
    public long getLong(final long index)
    {
        return UnsafeMemory.MEMORY.readLong(at(index, FrameShapeDescriptor.TYPE_INT64));
    }

    /** @return element {@code index} of a float64 array. */
    public double getDouble(final long index)
    {
        return UnsafeMemory.MEMORY.readDouble(at(index, FrameShapeDescriptor.TYPE_FLOAT64));
    }

    /**
     * @return element {@code index} of an array of any type, as a double (int64 values beyond 2^53 round; bool
     * is 0 or 1): for code that computes over frames of several types, such as a mean.
     */
    public double getAsDouble(final long index)
    {
        switch (typeCode)
        {
            case FrameShapeDescriptor.TYPE_INT8: return getByte(index);
            case FrameShapeDescriptor.TYPE_UINT8: return getUint8(index);
            case FrameShapeDescriptor.TYPE_BOOL: return getBool(index) ? 1 : 0;
            case FrameShapeDescriptor.TYPE_INT16: return getShort(index);
            case FrameShapeDescriptor.TYPE_UINT16: return getUint16(index);
            case FrameShapeDescriptor.TYPE_FLOAT16: return getFloat16(index);
            case FrameShapeDescriptor.TYPE_INT32: return getInt(index);
            case FrameShapeDescriptor.TYPE_UINT32: return getUint32(index);
            case FrameShapeDescriptor.TYPE_FLOAT32: return getFloat(index);
            case FrameShapeDescriptor.TYPE_INT64: return getLong(index);
            default: return getDouble(index);
        }
    }

    // ------------------------------------------------------------------------------------------ writing (producer)

    /** Sets element {@code index} of an int8 array. */
    public void setByte(final long index, final byte value)
    {
        UnsafeMemory.MEMORY.writeByte(writeAt(index, FrameShapeDescriptor.TYPE_INT8), value);
    }

    /** Sets element {@code index} of a uint8 array to {@code value}, 0 to 255. */
    public void setUint8(final long index, final int value)
    {
        final long element = writeAt(index, FrameShapeDescriptor.TYPE_UINT8);
        if ((value & ~0xFF) != 0)
        {
            throw outOfRange(index, value, FrameShapeDescriptor.TYPE_UINT8, "0 to 255");
        }
        UnsafeMemory.MEMORY.writeByte(element, (byte)value);
    }

    /** Sets element {@code index} of a bool array (true is stored as 1). */
    public void setBool(final long index, final boolean value)
    {
        UnsafeMemory.MEMORY.writeByte(writeAt(index, FrameShapeDescriptor.TYPE_BOOL), value ? (byte)1 : (byte)0);
    }

    /** Sets element {@code index} of an int16 array. */
    public void setShort(final long index, final short value)
    {
        UnsafeMemory.MEMORY.writeShort(writeAt(index, FrameShapeDescriptor.TYPE_INT16), value);
    }

    /** Sets element {@code index} of a uint16 array to {@code value}, 0 to 65535. */
    public void setUint16(final long index, final int value)
    {
        final long element = writeAt(index, FrameShapeDescriptor.TYPE_UINT16);
        if ((value & ~0xFFFF) != 0)
        {
            throw outOfRange(index, value, FrameShapeDescriptor.TYPE_UINT16, "0 to 65535");
        }
        UnsafeMemory.MEMORY.writeShort(element, (short)value);
    }

    /** Sets element {@code index} of a float16 array to the half nearest {@code value} ({@link Float16#toBits}). */
    public void setFloat16(final long index, final float value)
    {
        UnsafeMemory.MEMORY.writeShort(writeAt(index, FrameShapeDescriptor.TYPE_FLOAT16), Float16.toBits(value));
    }

    /** Sets element {@code index} of an int32 array. */
    public void setInt(final long index, final int value)
    {
        UnsafeMemory.MEMORY.writeInt(writeAt(index, FrameShapeDescriptor.TYPE_INT32), value);
    }

    /** Sets element {@code index} of a uint32 array to {@code value}, 0 to 2^32 - 1. */
    public void setUint32(final long index, final long value)
    {
        final long element = writeAt(index, FrameShapeDescriptor.TYPE_UINT32);
        if ((value & ~0xFFFF_FFFFL) != 0)
        {
            throw outOfRange(index, value, FrameShapeDescriptor.TYPE_UINT32, "0 to 4294967295");
        }
        UnsafeMemory.MEMORY.writeInt(element, (int)value);
    }

    /** Sets element {@code index} of a float32 array. */
    public void setFloat(final long index, final float value)
    {
        UnsafeMemory.MEMORY.writeFloat(writeAt(index, FrameShapeDescriptor.TYPE_FLOAT32), value);
    }

    /** Sets element {@code index} of an int64 array. */
    public void setLong(final long index, final long value)
    {
        UnsafeMemory.MEMORY.writeLong(writeAt(index, FrameShapeDescriptor.TYPE_INT64), value);
    }

    /** Sets element {@code index} of a float64 array. */
    public void setDouble(final long index, final double value)
    {
        UnsafeMemory.MEMORY.writeDouble(writeAt(index, FrameShapeDescriptor.TYPE_FLOAT64), value);
    }

    // ------------------------------------------------------------------------------------------ bulk

    /**
     * Copies the data's raw bytes (native order, {@link #byteSize()} of them) into {@code dst} from {@code offset}.
     *
     * @return the bytes copied.
     * @throws IndexOutOfBoundsException if they do not fit.
     */
    public int copyTo(final byte[] dst, final int offset)
    {
        final int bytes = (int)byteSize();
        Objects.checkFromIndexSize(offset, bytes, dst.length);
        NativeMemory.copy(null, address, dst, NativeMemory.BYTE_ARRAY_BASE + offset, bytes);
        return bytes;
    }

    /**
     * Fills the data with {@link #byteSize()} raw bytes (native order) of {@code src} from {@code offset}
     * (producer only): for uint8 and int8 images, the pixels themselves.
     *
     * @return the bytes copied.
     * @throws IndexOutOfBoundsException if {@code src} has fewer bytes from {@code offset}.
     */
    public int copyFrom(final byte[] src, final int offset)
    {
        requireWritable();
        final int bytes = (int)byteSize();
        Objects.checkFromIndexSize(offset, bytes, src.length);
        NativeMemory.copy(src, NativeMemory.BYTE_ARRAY_BASE + offset, null, address, bytes);
        return bytes;
    }

    // ------------------------------------------------------------------------------------------ checks

    private long at(final long index, final int accessType)
    {
        if (accessType != typeCode || Long.compareUnsigned(index, length) >= 0)
        {
            throw refused(index, accessType);
        }
        return address + (index << shift);
    }

    private long writeAt(final long index, final int accessType)
    {
        requireWritable();
        return at(index, accessType);
    }

    private void requireWritable()
    {
        if (!writable)
        {
            throw new UnsupportedOperationException("a consumer's frame array is read-only: other consumers read the " +
                "same slot (copy it out to change it)");
        }
    }

    private RuntimeException refused(final long index, final int accessType)
    {
        if (accessType != typeCode)
        {
            return new UnsupportedOperationException("the frame holds " + numpyName() + " elements, not " +
                FrameShapeDescriptor.numpyName(accessType) + ": use the " + numpyName() + " accessors (or getAsDouble)");
        }
        return new IndexOutOfBoundsException("index " + index + " is outside the frame's " + describe() +
            " of " + length + " elements");
    }

    private RuntimeException badIndex(final int[] indices)
    {
        if (indices.length != rank)
        {
            return new IllegalArgumentException("index " + Arrays.toString(indices) + " has " + indices.length +
                " dimension(s), the frame's " + describe() + " has " + rank);
        }
        return new IndexOutOfBoundsException("index " + Arrays.toString(indices) + " is outside the frame's " + describe());
    }

    private IllegalArgumentException outOfRange(final long index, final long value, final int type, final String range)
    {
        return new IllegalArgumentException("value " + value + " for index " + index + " is out of range for " +
            FrameShapeDescriptor.numpyName(type) + " (" + range + ")");
    }

    private String describe()
    {
        return numpyName() + Arrays.toString(dims());
    }

    @Override
    public String toString()
    {
        return "FrameArray{" + describe() + ", userValue=" + userValue() + '}';
    }
}

package io.tandem.memory;

import io.tandem.ringbuffer.Float16;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE;

/**
 * {@link SharedArray}'s accessors of the element types Java has no primitive for ({@link ElementType#UINT8},
 * {@link ElementType#UINT16}, {@link ElementType#UINT32}, {@link ElementType#BOOL}, {@link ElementType#FLOAT16}):
 * each converts between the stored bits and a Java type, as {@link ElementType} describes. They live here, in
 * SharedArray's superclass, to keep one file per concern (the primitive accessors, shipping and lifetime are
 * SharedArray's own); their public methods are SharedArray's API. Not API by itself.
 *
 * <p>The same rules as the primitive accessors: a plain load or store after one unsigned compare against the limit of
 * the accessor's type (0 for every other type and once closed), {@link IndexOutOfBoundsException},
 * {@link UnsupportedOperationException} and {@link IllegalStateException} as SharedArray states; writes of a value
 * outside an unsigned type's range throw {@link IllegalArgumentException} naming the index, the value and the type,
 * and change nothing.
 */
abstract class ConvertingAccessors
{
    /** Address of element 0 (set by {@link SharedArray} when it binds to a file). */
    transient long data;
    // One of these equals the length, the one of the element type, when the array holds that type; 0 otherwise.
    transient long uint8Limit;
    transient long uint16Limit;
    transient long uint32Limit;
    transient long boolLimit;
    transient long float16Limit;

    /** @return the flat index of element {@code (i, j)} of a 2-D array (SharedArray's). */
    public abstract long index(long i, long j);

    /** @return the number of elements (SharedArray's). */
    public abstract long length();

    /** @return the exception for an access of {@code accessType} to {@code index} refused by its limit. */
    private RuntimeException refused(final long index, final ElementType accessType)
    {
        return AccessErrors.access((SharedArray)this, index, accessType);      // SharedArray is the only subclass
    }

    /** @return the exception for a value outside {@code type}'s range, at {@code index}. */
    private IllegalArgumentException outOfRange(final long index, final long value, final ElementType type)
    {
        return AccessErrors.outOfRange((SharedArray)this, index, value, type);
    }

    /** Stores {@code bits} into elements {@code [from, to)} of an array of {@code accessType} (SharedArray's fill). */
    abstract void fillBits(ElementType accessType, long from, long to, long bits);

    /** Sets the limit of {@code type} to {@code length}, or all five to 0 for a null type (on close). */
    final void setConvertingLimit(final ElementType type, final long length)
    {
        uint8Limit = type == ElementType.UINT8 ? length : 0;
        uint16Limit = type == ElementType.UINT16 ? length : 0;
        uint32Limit = type == ElementType.UINT32 ? length : 0;
        boolLimit = type == ElementType.BOOL ? length : 0;
        float16Limit = type == ElementType.FLOAT16 ? length : 0;
    }

    // ------------------------------------------------------------------------------------------ uint8

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#UINT8} array: an {@code int} from 0 to 255. */
    public final int getUint8(final long index)
    {
        if (Long.compareUnsigned(index, uint8Limit) >= 0)
        {
            throw refused(index, ElementType.UINT8);
        }
        return UNSAFE.getByte(data + index) & 0xFF;
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#UINT8} array to {@code value}, 0 to 255 (else {@link IllegalArgumentException}). */
    public final void setUint8(final long index, final int value)
    {
        if (Long.compareUnsigned(index, uint8Limit) >= 0)
        {
            throw refused(index, ElementType.UINT8);
        }
        if ((value & ~0xFF) != 0)
        {
            throw outOfRange(index, value, ElementType.UINT8);
        }
        UNSAFE.putByte(data + index, (byte)value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#UINT8} array; see {@link #index(long, long)}. */
    public final int getUint8(final long i, final long j)
    {
        return getUint8(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#UINT8} array; see {@link #index(long, long)}. */
    public final void setUint8(final long i, final long j, final int value)
    {
        setUint8(index(i, j), value);
    }

    /** Sets every element of a {@link ElementType#UINT8} array to {@code value} (plain stores; range-checked as {@link #setUint8(long, int)}). */
    public final void fillUint8(final int value)
    {
        fillUint8(0, length(), value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#UINT8} array to {@code value} (plain stores). */
    public final void fillUint8(final long fromIndex, final long toIndex, final int value)
    {
        if ((value & ~0xFF) != 0)
        {
            throw outOfRange(fromIndex, value, ElementType.UINT8);
        }
        fillBits(ElementType.UINT8, fromIndex, toIndex, value);
    }

    // ------------------------------------------------------------------------------------------ uint16

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#UINT16} array: an {@code int} from 0 to 65535. */
    public final int getUint16(final long index)
    {
        if (Long.compareUnsigned(index, uint16Limit) >= 0)
        {
            throw refused(index, ElementType.UINT16);
        }
        return UNSAFE.getShort(data + (index << 1)) & 0xFFFF;
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#UINT16} array to {@code value}, 0 to 65535 (else {@link IllegalArgumentException}). */
    public final void setUint16(final long index, final int value)
    {
        if (Long.compareUnsigned(index, uint16Limit) >= 0)
        {
            throw refused(index, ElementType.UINT16);
        }
        if ((value & ~0xFFFF) != 0)
        {
            throw outOfRange(index, value, ElementType.UINT16);
        }
        UNSAFE.putShort(data + (index << 1), (short)value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#UINT16} array; see {@link #index(long, long)}. */
    public final int getUint16(final long i, final long j)
    {
        return getUint16(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#UINT16} array; see {@link #index(long, long)}. */
    public final void setUint16(final long i, final long j, final int value)
    {
        setUint16(index(i, j), value);
    }

    /** Sets every element of a {@link ElementType#UINT16} array to {@code value} (plain stores; range-checked as {@link #setUint16(long, int)}). */
    public final void fillUint16(final int value)
    {
        fillUint16(0, length(), value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#UINT16} array to {@code value} (plain stores). */
    public final void fillUint16(final long fromIndex, final long toIndex, final int value)
    {
        if ((value & ~0xFFFF) != 0)
        {
            throw outOfRange(fromIndex, value, ElementType.UINT16);
        }
        fillBits(ElementType.UINT16, fromIndex, toIndex, value);
    }

    // ------------------------------------------------------------------------------------------ uint32

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#UINT32} array: a {@code long} from 0 to 2^32 - 1. */
    public final long getUint32(final long index)
    {
        if (Long.compareUnsigned(index, uint32Limit) >= 0)
        {
            throw refused(index, ElementType.UINT32);
        }
        return UNSAFE.getInt(data + (index << 2)) & 0xFFFF_FFFFL;
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#UINT32} array to {@code value}, 0 to 2^32 - 1 (else {@link IllegalArgumentException}). */
    public final void setUint32(final long index, final long value)
    {
        if (Long.compareUnsigned(index, uint32Limit) >= 0)
        {
            throw refused(index, ElementType.UINT32);
        }
        if ((value & ~0xFFFF_FFFFL) != 0)
        {
            throw outOfRange(index, value, ElementType.UINT32);
        }
        UNSAFE.putInt(data + (index << 2), (int)value);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#UINT32} array; see {@link #index(long, long)}. */
    public final long getUint32(final long i, final long j)
    {
        return getUint32(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#UINT32} array; see {@link #index(long, long)}. */
    public final void setUint32(final long i, final long j, final long value)
    {
        setUint32(index(i, j), value);
    }

    /** Sets every element of a {@link ElementType#UINT32} array to {@code value} (plain stores; range-checked as {@link #setUint32(long, long)}). */
    public final void fillUint32(final long value)
    {
        fillUint32(0, length(), value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#UINT32} array to {@code value} (plain stores). */
    public final void fillUint32(final long fromIndex, final long toIndex, final long value)
    {
        if ((value & ~0xFFFF_FFFFL) != 0)
        {
            throw outOfRange(fromIndex, value, ElementType.UINT32);
        }
        fillBits(ElementType.UINT32, fromIndex, toIndex, value);
    }

    // ------------------------------------------------------------------------------------------ bool

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#BOOL} array: false for a 0 byte, true for any other. */
    public final boolean getBool(final long index)
    {
        if (Long.compareUnsigned(index, boolLimit) >= 0)
        {
            throw refused(index, ElementType.BOOL);
        }
        return UNSAFE.getByte(data + index) != 0;
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#BOOL} array to {@code value}, stored as 1 or 0. */
    public final void setBool(final long index, final boolean value)
    {
        if (Long.compareUnsigned(index, boolLimit) >= 0)
        {
            throw refused(index, ElementType.BOOL);
        }
        UNSAFE.putByte(data + index, value ? (byte)1 : (byte)0);
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#BOOL} array; see {@link #index(long, long)}. */
    public final boolean getBool(final long i, final long j)
    {
        return getBool(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#BOOL} array; see {@link #index(long, long)}. */
    public final void setBool(final long i, final long j, final boolean value)
    {
        setBool(index(i, j), value);
    }

    /** Sets every element of a {@link ElementType#BOOL} array to {@code value} (plain stores). */
    public final void fillBool(final boolean value)
    {
        fillBool(0, length(), value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#BOOL} array to {@code value} (plain stores). */
    public final void fillBool(final long fromIndex, final long toIndex, final boolean value)
    {
        fillBits(ElementType.BOOL, fromIndex, toIndex, value ? 1 : 0);
    }

    // ------------------------------------------------------------------------------------------ float16

    /** @return element {@code index} (flat, row-major) of a {@link ElementType#FLOAT16} array: the half's exact {@code float} value. */
    public final float getFloat16(final long index)
    {
        if (Long.compareUnsigned(index, float16Limit) >= 0)
        {
            throw refused(index, ElementType.FLOAT16);
        }
        return Float16.toFloat(UNSAFE.getShort(data + (index << 1)));
    }

    /** Sets element {@code index} (flat, row-major) of a {@link ElementType#FLOAT16} array to the half nearest {@code value} (ties to even; beyond 65504 an infinity). */
    public final void setFloat16(final long index, final float value)
    {
        if (Long.compareUnsigned(index, float16Limit) >= 0)
        {
            throw refused(index, ElementType.FLOAT16);
        }
        UNSAFE.putShort(data + (index << 1), Float16.toBits(value));
    }

    /** @return element {@code (i, j)} of a 2-D {@link ElementType#FLOAT16} array; see {@link #index(long, long)}. */
    public final float getFloat16(final long i, final long j)
    {
        return getFloat16(index(i, j));
    }

    /** Sets element {@code (i, j)} of a 2-D {@link ElementType#FLOAT16} array; see {@link #index(long, long)}. */
    public final void setFloat16(final long i, final long j, final float value)
    {
        setFloat16(index(i, j), value);
    }

    /** Sets every element of a {@link ElementType#FLOAT16} array to {@code value} (plain stores). */
    public final void fillFloat16(final float value)
    {
        fillFloat16(0, length(), value);
    }

    /** Sets elements {@code [fromIndex, toIndex)} of a {@link ElementType#FLOAT16} array to {@code value} (plain stores). */
    public final void fillFloat16(final long fromIndex, final long toIndex, final float value)
    {
        fillBits(ElementType.FLOAT16, fromIndex, toIndex, Float16.toBits(value));
    }
}

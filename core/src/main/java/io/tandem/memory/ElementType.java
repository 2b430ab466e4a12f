package io.tandem.memory;

/**
 * The element type of a {@link SharedArray}: Java's numeric primitives, and the NumPy types Java has no primitive
 * for (uint8, uint16, uint32, bool, float16), so that an image is uint8 on both sides. The code is what the file
 * header stores ({@link SharedArrayDescriptor#ELEMENT_TYPE_OFFSET}) and what a shaped ring frame's header stores
 * ({@link io.tandem.ringbuffer.FrameShapeDescriptor}); the NumPy name is there for programs in other languages
 * that map the same file.
 *
 * <p><b>Types without a Java primitive.</b> Their accessors convert: unsigned values widen on read to the smallest
 * signed Java type that holds them all ({@code getUint8} and {@code getUint16} return an {@code int},
 * {@code getUint32} a {@code long}) and are range-checked on write ({@link IllegalArgumentException} naming index,
 * value and type); bool reads as a {@code boolean} (any non-zero byte is true) and stores 1 or 0; float16 reads
 * as the exact {@code float} and stores the nearest half, ties to even ({@link io.tandem.ringbuffer.Float16}).
 * Bulk copies move their raw bits through the Java array of the same width: {@code byte[]} for uint8 and bool,
 * {@code short[]} for uint16 and float16, {@code int[]} for uint32.
 *
 * <pre>{@code
 * SharedArray a = SharedArray.create("frame", ElementType.FLOAT, 480, 640);
 * long bytes = a.length() * ElementType.FLOAT.size();      // == a.byteSize()
 * }</pre>
 */
public enum ElementType
{
    /** 8-bit signed integer, NumPy {@code int8}. */
    BYTE(1, 0, "int8"),
    /** 16-bit signed integer, NumPy {@code int16}. */
    SHORT(2, 1, "int16"),
    /** 32-bit signed integer, NumPy {@code int32}. */
    INT(3, 2, "int32"),
    /** 64-bit signed integer, NumPy {@code int64}. */
    LONG(4, 3, "int64"),
    /** 32-bit IEEE 754 float, NumPy {@code float32}. */
    FLOAT(5, 2, "float32"),
    /** 64-bit IEEE 754 float, NumPy {@code float64}. */
    DOUBLE(6, 3, "float64"),
    /** 8-bit unsigned integer, NumPy {@code uint8}: read as an {@code int} 0..255. */
    UINT8(7, 0, "uint8"),
    /** 16-bit unsigned integer, NumPy {@code uint16}: read as an {@code int} 0..65535. */
    UINT16(8, 1, "uint16"),
    /** 32-bit unsigned integer, NumPy {@code uint32}: read as a {@code long} 0..2^32-1. */
    UINT32(9, 2, "uint32"),
    /** A boolean in one byte, 0 or 1, NumPy {@code bool}. */
    BOOL(10, 0, "bool"),
    /** 16-bit IEEE 754 binary16 float, NumPy {@code float16}: read and written as a {@code float}. */
    FLOAT16(11, 1, "float16");

    private static final ElementType[] BY_CODE = {null, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE,
        UINT8, UINT16, UINT32, BOOL, FLOAT16};

    private final int code;
    private final int shift;
    private final String numpyName;

    ElementType(final int code, final int shift, final String numpyName)
    {
        this.code = code;
        this.shift = shift;
        this.numpyName = numpyName;
    }

    /** @return the code stored in the file header (1 to 11, never 0 so a zeroed header is no type). */
    public int code()
    {
        return code;
    }

    /** @return bytes per element: 1, 2, 4 or 8. */
    public int size()
    {
        return 1 << shift;
    }

    /** @return log2 of {@link #size()}: an element index shifted left by it is a byte offset. */
    public int shift()
    {
        return shift;
    }

    /** @return the NumPy dtype of the same bits, e.g. {@code float64}. */
    public String numpyName()
    {
        return numpyName;
    }

    /**
     * @param code a header's type code: a shared array's, or a shaped frame's
     *             ({@link io.tandem.ringbuffer.FrameArray#typeCode()}, the same codes).
     * @return its type, or null if the code is not one.
     *
     * <pre>{@code
     * FrameArray image = frame.array();
     * ElementType type = ElementType.ofCode(image.typeCode());     // UINT8 for an RGB image
     * }</pre>
     */
    public static ElementType ofCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @return the type whose Java array carries this type's raw bits in bulk copies: {@link #BYTE} for
     * {@link #UINT8} and {@link #BOOL}, {@link #SHORT} for {@link #UINT16} and {@link #FLOAT16}, {@link #INT} for
     * {@link #UINT32}, and the type itself for Java's own primitives.
     */
    ElementType carrier()
    {
        switch (this)
        {
            case UINT8:
            case BOOL:
                return BYTE;
            case UINT16:
            case FLOAT16:
                return SHORT;
            case UINT32:
                return INT;
            default:
                return this;
        }
    }

    /** @return the accessor suffix of this type, e.g. {@code Uint8} for {@code getUint8}/{@code setUint8}. */
    String accessorName()
    {
        final String name = name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}

package io.tandem.ringbuffer;

/**
 * The layout of a frame's optional shape header: 32 bytes at the start of the payload that say what the rest of
 * it is (an element type and up to four dimensions, e.g. a 480 x 640 x 3 uint8 image), so that a Java consumer's
 * {@link Frame#array()} and a Python consumer's {@code frame.image()} see the same typed, shaped array in place.
 * A consumer recognises the header by its magic; a frame without it is plain bytes. Values are in the machine's
 * native byte order (little-endian on x86-64 and AArch64); the payload starts 8-aligned in its slot, so the data
 * after the header is 8-aligned too.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Magic 0x50414853 ('S','H','A','P' in memory)     |  0
 *  +---------------+---------------+-------------------------------+
 *  |  Type Code    |  Rank (1..4)  |        Reserved (zero)        |  4
 *  +---------------+---------------+-------------------------------+
 *  |                 Dim 0 (outermost, int32, >= 1)                |  8
 *  +---------------------------------------------------------------+
 *  |                 Dim 1 (0 if rank &lt; 2)                         | 12
 *  +---------------------------------------------------------------+
 *  |                 Dim 2 (0 if rank &lt; 3)                         | 16
 *  +---------------------------------------------------------------+
 *  |                 Dim 3 (0 if rank &lt; 4)                         | 20
 *  +---------------------------------------------------------------+
 *  |                 User Value (8 bytes: a long, or a double's    | 24
 *  |                 bits; the application's)                      |
 *  +---------------------------------------------------------------+
 *  |         Data: product(dims) elements, row-major (C order)     | 32
 *  |                             ...                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The type codes are those of {@code io.tandem.memory.ElementType} (a shared array file stores the same ones; a
 * test in core checks they agree): this module does not depend on core, so it names them here. A frame whose
 * payload starts with the magic but whose header is bad (an unknown type code, a rank outside 1..4, a dimension
 * below 1, or more data than the payload holds) is refused with a {@link RingBufferException} saying which, never
 * handed out as a wrong view. The header is written with plain stores before {@code publish}: the publish's
 * release store orders it, like the rest of the payload.
 *
 * <pre>{@code
 * FrameClaim claim = producer.claim();
 * FrameArray image = claim.shaped(FrameShapeDescriptor.TYPE_UINT8, 480, 640, 3);   // writes the header
 * image.setUserDouble(meanBrightness);
 * image.copyFrom(pixels, 0);                                    // 921600 bytes after the header
 * claim.publish(FRAME_TAG, System.nanoTime());                  // length: header + data
 * }</pre>
 */
public final class FrameShapeDescriptor
{
    /** The first 4 bytes of a shaped payload, read as a native (little-endian) int: "SHAP". */
    public static final int MAGIC = 0x5041_4853;

    /** Offset of the magic (int). */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the element type code (unsigned byte). */
    public static final int ELEMENT_TYPE_OFFSET = 4;
    /** Offset of the rank (unsigned byte). */
    public static final int RANK_OFFSET = 5;
    /** Offset of two reserved bytes, zero. */
    public static final int RESERVED_OFFSET = 6;
    /** Offset of dim 0 (int); dim {@code axis} is at {@link #dimOffset(int)}. */
    public static final int DIMS_OFFSET = 8;
    /** Offset of the user value (8 bytes). */
    public static final int USER_VALUE_OFFSET = 24;
    /** Bytes of the header. */
    public static final int HEADER_LENGTH = 32;
    /** Offset of the data: element 0, 8-aligned. */
    public static final int DATA_OFFSET = HEADER_LENGTH;
    /** Most dimensions a shaped frame has. */
    public static final int MAX_RANK = 4;

    /** NumPy {@code int8}, Java byte. */
    public static final int TYPE_INT8 = 1;
    /** NumPy {@code int16}, Java short. */
    public static final int TYPE_INT16 = 2;
    /** NumPy {@code int32}, Java int. */
    public static final int TYPE_INT32 = 3;
    /** NumPy {@code int64}, Java long. */
    public static final int TYPE_INT64 = 4;
    /** NumPy {@code float32}, Java float. */
    public static final int TYPE_FLOAT32 = 5;
    /** NumPy {@code float64}, Java double. */
    public static final int TYPE_FLOAT64 = 6;
    /** NumPy {@code uint8}: read as an int 0..255. */
    public static final int TYPE_UINT8 = 7;
    /** NumPy {@code uint16}: read as an int 0..65535. */
    public static final int TYPE_UINT16 = 8;
    /** NumPy {@code uint32}: read as a long 0..2^32-1. */
    public static final int TYPE_UINT32 = 9;
    /** NumPy {@code bool}: one byte, 0 or 1. */
    public static final int TYPE_BOOL = 10;
    /** NumPy {@code float16}, IEEE 754 binary16: read as a float ({@link Float16}). */
    public static final int TYPE_FLOAT16 = 11;

    private static final int[] SIZES = {0, 1, 2, 4, 8, 4, 8, 1, 2, 4, 1, 2};
    private static final String[] NUMPY_NAMES = {null, "int8", "int16", "int32", "int64", "float32", "float64",
        "uint8", "uint16", "uint32", "bool", "float16"};

    private FrameShapeDescriptor()
    {
    }

    /** @return the offset of dimension {@code axis} (0 to {@value #MAX_RANK} - 1). */
    public static int dimOffset(final int axis)
    {
        return DIMS_OFFSET + axis * Integer.BYTES;
    }

    /** @return true if {@code typeCode} is one of the {@code TYPE_} codes. */
    public static boolean isKnownType(final int typeCode)
    {
        return typeCode > 0 && typeCode < SIZES.length;
    }

    /**
     * @return bytes per element of {@code typeCode}: 1, 2, 4 or 8.
     * @throws IllegalArgumentException if the code is not a known type.
     */
    public static int elementSize(final int typeCode)
    {
        return SIZES[checkType(typeCode)];
    }

    /**
     * @return the NumPy dtype name of {@code typeCode}, e.g. {@code uint8}.
     * @throws IllegalArgumentException if the code is not a known type.
     */
    public static String numpyName(final int typeCode)
    {
        return NUMPY_NAMES[checkType(typeCode)];
    }

    private static int checkType(final int typeCode)
    {
        if (!isKnownType(typeCode))
        {
            throw new IllegalArgumentException("element type code " + typeCode + " is not one of 1 (int8) to " +
                (SIZES.length - 1) + " (float16)");
        }
        return typeCode;
    }
}

package io.tandem.memory;

import io.tandem.internal.sharedfile.SharedFileDescriptor;

/**
 * The layout of a shared array file, {@code <session>/arrays/<name>}: a header page, then the elements.
 * Every value is in the machine's native byte order (little-endian on x86-64 and AArch64), so a file is
 * read on the machine that wrote it, by Java or by anything that can {@code mmap} (NumPy:
 * {@code np.memmap(path, dtype, offset=dataOffset, shape=dims)}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Common shared-file header: magic "TNDARRAY", layout version,|  0
 *  |   file length, creator pid and start time, creation time,     |
 *  |   ready word (written last, release)                          |
 *  +---------------------------------------------------------------+
 *  |                      Element Type Code                        | 64   ElementType.code(), table below
 *  +---------------------------------------------------------------+
 *  |                             Rank                              | 68   1 .. MAX_RANK
 *  +---------------------------------------------------------------+
 *  |                      Element Size (bytes)                     | 72   1, 2, 4 or 8
 *  +---------------------------------------------------------------+
 *  |                       Reserved (zero)                         | 76
 *  +---------------------------------------------------------------+
 *  |                     Length (elements)                         | 80   product of the dims
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Data Offset (bytes from 0)                   | 88   a multiple of DATA_ALIGNMENT
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Data Length (bytes)                        | 96   length * element size
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Reserved (zeros) ...                      | 104 .. 127
 *  +---------------------------------------------------------------+
 *  |                  Dim 0 (outermost axis, 64 bits)              | 128
 *  +---------------------------------------------------------------+
 *  |                   ... Dim rank-1 (innermost) ...              | 128 + 8 * axis
 *  +---------------------------------------------------------------+
 *  |                   Zeros up to the data offset                 |
 *  +---------------------------------------------------------------+
 *  |             Elements, row-major (C order): element i          | data offset (4096)
 *  |                  at data offset + i * element size            |
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p><b>Element type codes</b> ({@link ElementType#code()}; a shaped ring frame's header uses the same ones):
 * <table>
 *   <caption>codes, NumPy dtypes and Java types</caption>
 *   <tr><th>code</th><th>NumPy</th><th>size</th><th>{@link ElementType}</th><th>Java accessors</th></tr>
 *   <tr><td>1</td><td>int8</td><td>1</td><td>BYTE</td><td>byte</td></tr>
 *   <tr><td>2</td><td>int16</td><td>2</td><td>SHORT</td><td>short</td></tr>
 *   <tr><td>3</td><td>int32</td><td>4</td><td>INT</td><td>int</td></tr>
 *   <tr><td>4</td><td>int64</td><td>8</td><td>LONG</td><td>long</td></tr>
 *   <tr><td>5</td><td>float32</td><td>4</td><td>FLOAT</td><td>float</td></tr>
 *   <tr><td>6</td><td>float64</td><td>8</td><td>DOUBLE</td><td>double</td></tr>
 *   <tr><td>7</td><td>uint8</td><td>1</td><td>UINT8</td><td>int 0..255</td></tr>
 *   <tr><td>8</td><td>uint16</td><td>2</td><td>UINT16</td><td>int 0..65535</td></tr>
 *   <tr><td>9</td><td>uint32</td><td>4</td><td>UINT32</td><td>long 0..2^32-1</td></tr>
 *   <tr><td>10</td><td>bool</td><td>1</td><td>BOOL</td><td>boolean (a byte, 0 or 1)</td></tr>
 *   <tr><td>11</td><td>float16</td><td>2</td><td>FLOAT16</td><td>float (IEEE 754 binary16)</td></tr>
 * </table>
 * Codes 7 to 11 came after layout version 2 without changing the layout (the field was always an int): a reader that
 * does not know a code refuses the file as having a corrupt header rather than misreading it.
 *
 * <p>The first 64 bytes are the header every Tandem shared file starts with
 * ({@code io.tandem.internal.sharedfile.SharedFileDescriptor}); the file length there is data offset + data length.
 *
 * <p><b>Ready.</b> A creator fills everything, then stores the common header's ready word with a release store; a
 * reader loads it with an acquire load before trusting the rest. Tandem also builds the file under a temporary name and
 * links it into place only once it is complete, so a reader never finds a half-made file by name; the ready
 * word still guards readers that open a file some other way.
 *
 * <p><b>Alignment.</b> The data starts on a {@value #DATA_ALIGNMENT}-byte boundary of a page-aligned mapping:
 * every element is naturally aligned (so volatile and atomic accesses are single instructions and never torn)
 * and element 0 starts a cache line and a page.
 */
public final class SharedArrayDescriptor
{
    /** "TNDARRAY" as the first 8 bytes of the file, read as a little-endian long. */
    public static final long MAGIC = 0x5941_5252_4144_4E54L;
    /** Layout version of this class (2: the common shared-file header); a reader refuses any other. */
    public static final int LAYOUT_VERSION = 2;

    /** Offset of the element type code (int), see {@link ElementType#code()}. */
    public static final int ELEMENT_TYPE_OFFSET = SharedFileDescriptor.BODY_OFFSET;
    /** Offset of the rank, the number of dimensions (int). */
    public static final int RANK_OFFSET = ELEMENT_TYPE_OFFSET + 4;
    /** Offset of the element size in bytes (int), redundant with the type for readers that do not know the codes. */
    public static final int ELEMENT_SIZE_OFFSET = ELEMENT_TYPE_OFFSET + 8;
    /** Offset of the length in elements (long). */
    public static final int LENGTH_OFFSET = ELEMENT_TYPE_OFFSET + 16;
    /** Offset of the data offset (long). */
    public static final int DATA_OFFSET_OFFSET = ELEMENT_TYPE_OFFSET + 24;
    /** Offset of the data length in bytes (long). */
    public static final int DATA_LENGTH_OFFSET = ELEMENT_TYPE_OFFSET + 32;
    /** Offset of dim 0 (long); dim {@code axis} is at {@link #dimOffset(int)}. */
    public static final int DIMS_OFFSET = 128;

    /** Most dimensions an array may have (NumPy's historical limit). */
    public static final int MAX_RANK = 32;
    /** Alignment of the data offset: a page on common hardware, and a multiple of any cache line. */
    public static final int DATA_ALIGNMENT = 4096;
    /** Bytes of the header a reader needs to see: everything before the data of the largest rank. */
    public static final int HEADER_LENGTH = DIMS_OFFSET + MAX_RANK * Long.BYTES;

    private SharedArrayDescriptor()
    {
    }

    /** @return the offset of the size of dimension {@code axis}. */
    public static int dimOffset(final int axis)
    {
        return DIMS_OFFSET + axis * Long.BYTES;
    }

    /** @return where the data starts for an array of {@code rank} dimensions. */
    public static long dataOffset(final int rank)
    {
        return align(dimOffset(rank), DATA_ALIGNMENT);
    }

    /**
     * @return the file length of an array of {@code rank} dimensions holding {@code dataLength} bytes.
     * @throws ArithmeticException if it does not fit a long.
     */
    public static long fileLength(final int rank, final long dataLength)
    {
        return Math.addExact(dataOffset(rank), dataLength);
    }

    /**
     * @param shape the dimensions, outermost first.
     * @return the number of elements.
     * @throws IllegalArgumentException if the shape is empty, too long, has a dimension below 1, or its product
     *                                  overflows a long.
     */
    public static long length(final long[] shape)
    {
        if (shape == null || shape.length == 0 || shape.length > MAX_RANK)
        {
            throw new IllegalArgumentException("a shared array has 1 to " + MAX_RANK + " dimensions, got " +
                (shape == null ? "none" : Integer.toString(shape.length)));
        }
        long length = 1;
        for (int axis = 0; axis < shape.length; axis++)
        {
            if (shape[axis] < 1)
            {
                throw new IllegalArgumentException("dimension " + axis + " of shape " + SharedArray.format(shape) +
                    " is " + shape[axis] + ": every dimension must be at least 1");
            }
            try
            {
                length = Math.multiplyExact(length, shape[axis]);
            }
            catch (final ArithmeticException ex)
            {
                throw new IllegalArgumentException("shape " + SharedArray.format(shape) + " has more than 2^63 elements");
            }
        }
        return length;
    }

    /**
     * @return the data length in bytes of {@code length} elements of {@code type}.
     * @throws IllegalArgumentException if it does not fit the largest file (2^63 bytes less the header).
     */
    public static long dataLength(final long length, final ElementType type)
    {
        if (length > (Long.MAX_VALUE - DATA_ALIGNMENT) >> type.shift())
        {
            throw new IllegalArgumentException(length + " elements of " + type + " do not fit a file");
        }
        return length << type.shift();
    }

    private static long align(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }
}

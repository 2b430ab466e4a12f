package io.tandem.memory;

/**
 * The element type of a {@link SharedArray}: one of Java's numeric primitives. The code is what the file
 * header stores ({@link SharedArrayDescriptor#ELEMENT_TYPE_OFFSET}); the NumPy name is there for programs in
 * other languages that map the same file.
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
    DOUBLE(6, 3, "float64");

    private static final ElementType[] BY_CODE = {null, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE};

    private final int code;
    private final int shift;
    private final String numpyName;

    ElementType(final int code, final int shift, final String numpyName)
    {
        this.code = code;
        this.shift = shift;
        this.numpyName = numpyName;
    }

    /** @return the code stored in the file header (1 to 6, never 0 so a zeroed header is no type). */
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
     * @param code a header's type code.
     * @return its type, or null if the code is not one.
     */
    public static ElementType ofCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}

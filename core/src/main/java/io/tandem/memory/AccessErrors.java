package io.tandem.memory;

import java.util.Locale;

import static io.tandem.memory.SharedArray.format;

/**
 * Why an access to a {@link SharedArray} was refused: the exceptions of the cold path, built only once a check
 * has failed, so the accessors stay one compare and one load or store. Each says what was asked and what the
 * array is. Not API.
 */
final class AccessErrors
{
    private AccessErrors()
    {
    }

    /** An accessor of {@code accessType} refused flat {@code index}: closed, wrong type, or out of bounds. */
    static RuntimeException access(final SharedArray array, final long index, final ElementType accessType)
    {
        if (array.isClosed())
        {
            return closed(array);
        }
        if (accessType != array.elementType())
        {
            return wrongType(array, accessType);
        }
        return new IndexOutOfBoundsException("index " + index + " is out of bounds for shared array '" + array.name() +
            "' of length " + array.length() + " (shape " + format(array.shape()) + ")");
    }

    /** A multi-index was refused: closed, another rank, or an index out of its dimension. */
    static RuntimeException index(final SharedArray array, final long[] indices)
    {
        if (array.isClosed())
        {
            return closed(array);
        }
        final long[] shape = array.shape();
        if (indices.length != shape.length)
        {
            return new IllegalArgumentException("index " + format(indices) + " has " + indices.length +
                " dimension(s) but shared array '" + array.name() + "' has shape " + format(shape) + " (rank " +
                shape.length + ")");
        }
        for (int axis = 0; axis < indices.length; axis++)
        {
            if (indices[axis] < 0 || indices[axis] >= shape[axis])
            {
                return new IndexOutOfBoundsException("index " + format(indices) + " is out of bounds for shared array '" +
                    array.name() + "' of shape " + format(shape) + ": index " + indices[axis] + " on axis " + axis +
                    " is not in [0, " + shape[axis] + ")");
            }
        }
        return new IllegalStateException("index " + format(indices) + " refused for shared array '" + array.name() + "'");
    }

    /**
     * A bulk operation of {@code accessType} on elements {@code [from, to)} was refused, or null if it is allowed;
     * with {@code bits}, the element type's carrier is accepted too (raw-bit copies).
     */
    static RuntimeException range(final SharedArray array, final ElementType accessType, final long from, final long to,
        final boolean bits)
    {
        if (array.isClosed())
        {
            return closed(array);
        }
        if (accessType != array.elementType() && !(bits && accessType == array.elementType().carrier()))
        {
            return wrongType(array, accessType);
        }
        if (from < 0 || from > to || to > array.length())
        {
            return new IndexOutOfBoundsException("range [" + from + ", " + to + ") is out of bounds for shared array '" +
                array.name() + "' of length " + array.length() + " (shape " + format(array.shape()) + ")");
        }
        return null;
    }

    /** A write of {@code value} to element {@code index} of a {@code type} array is outside the type's range. */
    static IllegalArgumentException outOfRange(final SharedArray array, final long index, final long value,
        final ElementType type)
    {
        final String range = type == ElementType.UINT8 ? "0 to 255" : type == ElementType.UINT16 ? "0 to 65535" :
            "0 to 4294967295";
        return new IllegalArgumentException("value " + value + " for index " + index + " of shared array '" + array.name() +
            "' is out of range for " + type + " (" + type.numpyName() + ", " + range + ")");
    }

    private static IllegalStateException closed(final SharedArray array)
    {
        return new IllegalStateException("shared array '" + array.name() + "' is closed");
    }

    private static UnsupportedOperationException wrongType(final SharedArray array, final ElementType accessType)
    {
        final ElementType type = array.elementType();
        final String typeName = type.accessorName();
        final String carrier = type.carrier().name().toLowerCase(Locale.ROOT);
        return new UnsupportedOperationException("shared array '" + array.name() + "' holds " + type + " elements, not " +
            accessType + ": use get" + typeName + "/set" + typeName + " and " + carrier + "[] buffers" +
            (type.carrier() == type ? "" : " (raw " + type.numpyName() + " bits)") + " (or bytesStore() for raw bytes)");
    }
}

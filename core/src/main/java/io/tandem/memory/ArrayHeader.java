package io.tandem.memory;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.sharedfile.SharedFile;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.tandem.memory.SharedArrayDescriptor.DATA_ALIGNMENT;
import static io.tandem.memory.SharedArrayDescriptor.DATA_LENGTH_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.DATA_OFFSET_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.ELEMENT_SIZE_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.ELEMENT_TYPE_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.LENGTH_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.MAX_RANK;
import static io.tandem.memory.SharedArrayDescriptor.RANK_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * The array fields of one shared array file, as {@link SharedArrayDescriptor} lays them out after the common
 * shared-file header: written once (before the header's ready word), parsed on attach.
 */
final class ArrayHeader
{
    final ElementType type;
    final long[] shape;
    final long length;
    final long dataOffset;
    final long dataLength;
    final long fileLength;
    final long creatorPid;
    final long creatorStartMillis;
    final long createdMillis;

    ArrayHeader(final ElementType type, final long[] shape, final long creatorPid, final long creatorStartMillis,
        final long createdMillis)
    {
        this.type = type;
        this.shape = shape.clone();
        this.length = SharedArrayDescriptor.length(shape);
        this.dataOffset = SharedArrayDescriptor.dataOffset(shape.length);
        this.dataLength = SharedArrayDescriptor.dataLength(length, type);
        this.fileLength = SharedArrayDescriptor.fileLength(shape.length, dataLength);
        this.creatorPid = creatorPid;
        this.creatorStartMillis = creatorStartMillis;
        this.createdMillis = createdMillis;
    }

    /** Writes the array fields into a fresh, zeroed mapping; the shared-file layer writes the header, ready word last. */
    void write(final long address)
    {
        MEMORY.writeInt(address + ELEMENT_TYPE_OFFSET, type.code());
        MEMORY.writeInt(address + RANK_OFFSET, shape.length);
        MEMORY.writeInt(address + ELEMENT_SIZE_OFFSET, type.size());
        MEMORY.writeLong(address + LENGTH_OFFSET, length);
        MEMORY.writeLong(address + DATA_OFFSET_OFFSET, dataOffset);
        MEMORY.writeLong(address + DATA_LENGTH_OFFSET, dataLength);
        for (int axis = 0; axis < shape.length; axis++)
        {
            MEMORY.writeLong(address + SharedArrayDescriptor.dimOffset(axis), shape[axis]);
        }
    }

    /**
     * Parses the array fields of a mapped file whose common header the shared-file layer has checked (magic,
     * version, ready word, not truncated below the length it states).
     *
     * @throws RuntimeDirectoryException naming the path if they are not those of a complete shared array.
     */
    static ArrayHeader parse(final SharedFile file)
    {
        final Path path = file.path();
        final ByteBuffer header = file.copy(0, SharedArrayDescriptor.HEADER_LENGTH);
        if (header.limit() < SharedArrayDescriptor.DIMS_OFFSET + Long.BYTES)
        {
            throw notAnArray(path, "is " + file.fileLength() + " bytes long, too short for a shared array header");
        }
        final ElementType type = ElementType.ofCode(header.getInt(ELEMENT_TYPE_OFFSET));
        final int rank = header.getInt(RANK_OFFSET);
        if (type == null || rank < 1 || rank > MAX_RANK || header.limit() < SharedArrayDescriptor.dimOffset(rank))
        {
            throw notAnArray(path, "has a corrupt header (type code " + header.getInt(ELEMENT_TYPE_OFFSET) + ", rank " + rank + ")");
        }
        final long[] shape = new long[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            shape[axis] = header.getLong(SharedArrayDescriptor.dimOffset(axis));
        }
        final ArrayHeader parsed;
        try
        {
            parsed = new ArrayHeader(type, shape, file.creatorPid(), file.creatorStartTimeMs(), file.createdTimeMs());
        }
        catch (final IllegalArgumentException ex)
        {
            throw notAnArray(path, "has a corrupt header: " + ex.getMessage());
        }
        if (parsed.length != header.getLong(LENGTH_OFFSET) || parsed.dataOffset != header.getLong(DATA_OFFSET_OFFSET) ||
            parsed.dataLength != header.getLong(DATA_LENGTH_OFFSET) || parsed.fileLength != file.fileLength() ||
            type.size() != header.getInt(ELEMENT_SIZE_OFFSET) || parsed.dataOffset % DATA_ALIGNMENT != 0)
        {
            throw notAnArray(path, "has a corrupt header (its lengths and offsets do not agree with " + parsed.describe() + ")");
        }
        return parsed;
    }

    /** @return e.g. {@code DOUBLE[100, 100]}. */
    String describe()
    {
        return describe(type, shape);
    }

    static String describe(final ElementType type, final long[] shape)
    {
        return (type == null ? "any type" : type.name()) + (shape == null ? "[any shape]" : SharedArray.format(shape));
    }

    static RuntimeDirectoryException notAnArray(final Path path, final String problem)
    {
        return new RuntimeDirectoryException(path, problem, "It is not a usable shared array: remove it or use another name");
    }
}

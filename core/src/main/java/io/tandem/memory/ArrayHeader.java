package io.tandem.memory;

import io.tandem.failure.RuntimeDirectoryException;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.tandem.memory.SharedArrayDescriptor.CREATED_TIME_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.CREATOR_PID_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.CREATOR_START_TIME_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.DATA_ALIGNMENT;
import static io.tandem.memory.SharedArrayDescriptor.DATA_LENGTH_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.DATA_OFFSET_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.ELEMENT_SIZE_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.ELEMENT_TYPE_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.FILE_LENGTH_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.LAYOUT_VERSION;
import static io.tandem.memory.SharedArrayDescriptor.LAYOUT_VERSION_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.LENGTH_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.MAGIC;
import static io.tandem.memory.SharedArrayDescriptor.MAGIC_OFFSET;
import static io.tandem.memory.SharedArrayDescriptor.MAX_RANK;
import static io.tandem.memory.SharedArrayDescriptor.RANK_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/** The header of one shared array file, as {@link SharedArrayDescriptor} lays it out: written once, parsed on attach. */
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

    /** Writes the header into a fresh, zeroed mapping; the magic goes last. */
    void write(final long address)
    {
        MEMORY.writeInt(address + LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        MEMORY.writeInt(address + ELEMENT_TYPE_OFFSET, type.code());
        MEMORY.writeInt(address + RANK_OFFSET, shape.length);
        MEMORY.writeInt(address + ELEMENT_SIZE_OFFSET, type.size());
        MEMORY.writeLong(address + LENGTH_OFFSET, length);
        MEMORY.writeLong(address + DATA_OFFSET_OFFSET, dataOffset);
        MEMORY.writeLong(address + DATA_LENGTH_OFFSET, dataLength);
        MEMORY.writeLong(address + FILE_LENGTH_OFFSET, fileLength);
        MEMORY.writeLong(address + CREATOR_PID_OFFSET, creatorPid);
        MEMORY.writeLong(address + CREATOR_START_TIME_OFFSET, creatorStartMillis);
        MEMORY.writeLong(address + CREATED_TIME_OFFSET, createdMillis);
        for (int axis = 0; axis < shape.length; axis++)
        {
            MEMORY.writeLong(address + SharedArrayDescriptor.dimOffset(axis), shape[axis]);
        }
        // release: whoever loads the magic with acquire sees every field above
        MEMORY.writeOrderedLong(address + MAGIC_OFFSET, MAGIC);
    }

    /**
     * Parses a header read from a file of {@code fileSize} bytes.
     *
     * @param header the file's first bytes in native order (as many as it has, up to the header length).
     * @throws RuntimeDirectoryException naming the path if it is not a complete shared array of this layout.
     */
    static ArrayHeader parse(final Path path, final ByteBuffer header, final long fileSize)
    {
        if (fileSize < SharedArrayDescriptor.DIMS_OFFSET + Long.BYTES || header.limit() < SharedArrayDescriptor.DIMS_OFFSET)
        {
            throw notAnArray(path, "is " + fileSize + " bytes long, too short for a shared array header");
        }
        final long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw notAnArray(path, magic == 0 ? "has no magic yet (its creator has not finished, or died while creating it)" :
                "does not start with the shared array magic (0x" + Long.toHexString(magic) + ")");
        }
        final int version = header.getInt(LAYOUT_VERSION_OFFSET);
        if (version != LAYOUT_VERSION)
        {
            throw new RuntimeDirectoryException(path, "has shared array layout version " + version + ", this Tandem reads " +
                LAYOUT_VERSION, "Use the same Tandem version on both sides");
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
            parsed = new ArrayHeader(type, shape, header.getLong(CREATOR_PID_OFFSET), header.getLong(CREATOR_START_TIME_OFFSET),
                header.getLong(CREATED_TIME_OFFSET));
        }
        catch (final IllegalArgumentException ex)
        {
            throw notAnArray(path, "has a corrupt header: " + ex.getMessage());
        }
        if (parsed.length != header.getLong(LENGTH_OFFSET) || parsed.dataOffset != header.getLong(DATA_OFFSET_OFFSET) ||
            parsed.dataLength != header.getLong(DATA_LENGTH_OFFSET) || parsed.fileLength != header.getLong(FILE_LENGTH_OFFSET) ||
            type.size() != header.getInt(ELEMENT_SIZE_OFFSET) || parsed.dataOffset % DATA_ALIGNMENT != 0)
        {
            throw notAnArray(path, "has a corrupt header (its lengths and offsets do not agree with " + parsed.describe() + ")");
        }
        if (fileSize < parsed.fileLength)
        {
            throw new RuntimeDirectoryException(path, "is " + fileSize + " bytes long but its header (" + parsed.describe() +
                ") needs " + parsed.fileLength, "It was truncated: remove it and create the array again");
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

    private static RuntimeDirectoryException notAnArray(final Path path, final String problem)
    {
        return new RuntimeDirectoryException(path, problem, "It is not a usable shared array: remove it or use another name");
    }
}

package io.tandem.ringbuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.tandem.ringbuffer.RingBufferDescriptor.CREATOR_PID_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CREATOR_START_TIME_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.FILE_LENGTH_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.HEARTBEAT_TIMEOUT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.LAYOUT_VERSION;
import static io.tandem.ringbuffer.RingBufferDescriptor.LAYOUT_VERSION_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAGIC;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAGIC_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_CONSUMERS_LIMIT;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_CONSUMERS_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_SLOT_COUNT;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_SLOT_SIZE;
import static io.tandem.ringbuffer.RingBufferDescriptor.METADATA_LENGTH;
import static io.tandem.ringbuffer.RingBufferDescriptor.MIN_SLOT_COUNT;
import static io.tandem.ringbuffer.RingBufferDescriptor.POLICY_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOTS_OFFSET_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_COUNT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_LENGTH_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_SIZE_OFFSET;

/**
 * The metadata section of a ring file, parsed and checked against the layout rules before anything is mapped.
 */
final class RingHeader
{
    final RingPolicy policy;
    final int slotCount;
    final int slotSize;
    final int slotLength;
    final int maxConsumers;
    final long slotsOffset;
    final long fileLength;
    final long heartbeatTimeoutNs;
    final long creatorPid;
    final long creatorStartTimeMs;

    private RingHeader(final ByteBuffer header)
    {
        this.policy = RingPolicy.ofCode(header.getInt(POLICY_OFFSET));
        this.slotCount = header.getInt(SLOT_COUNT_OFFSET);
        this.slotSize = header.getInt(SLOT_SIZE_OFFSET);
        this.slotLength = header.getInt(SLOT_LENGTH_OFFSET);
        this.maxConsumers = header.getInt(MAX_CONSUMERS_OFFSET);
        this.slotsOffset = header.getLong(SLOTS_OFFSET_OFFSET);
        this.fileLength = header.getLong(FILE_LENGTH_OFFSET);
        this.heartbeatTimeoutNs = header.getLong(HEARTBEAT_TIMEOUT_OFFSET);
        this.creatorPid = header.getLong(CREATOR_PID_OFFSET);
        this.creatorStartTimeMs = header.getLong(CREATOR_START_TIME_OFFSET);
    }

    /** The file is not a ring yet, but may become one (missing, or its creator has not finished). */
    static final class NotReadyException extends Exception
    {
        private static final long serialVersionUID = 1L;

        NotReadyException(final String message)
        {
            super(message, null, false, false);
        }
    }

    /**
     * @param header   the file's first {@link RingBufferDescriptor#METADATA_LENGTH} bytes (fewer if it is shorter),
     *                 native byte order.
     * @param fileSize the file's actual size.
     */
    static RingHeader parse(final Path path, final ByteBuffer header, final long fileSize) throws NotReadyException
    {
        if (fileSize == 0)
        {
            throw new NotReadyException("is empty: not a ring buffer, or its creator has not written it yet");
        }
        if (fileSize < 8)
        {
            throw new RingFileException(path, "is not a Tandem ring buffer: only " + fileSize + " bytes long");
        }
        final long magic = header.getLong(MAGIC_OFFSET);
        if (magic == 0)
        {
            throw new NotReadyException("is not initialised (its magic number is 0): its creator has not finished, " +
                "or it is not a ring buffer");
        }
        if (magic != MAGIC)
        {
            throw new RingFileException(path, String.format(Locale.ROOT,
                "is not a Tandem ring buffer: it starts with 0x%016x, a ring starts with 0x%016x (\"TNDMRING\")", magic, MAGIC));
        }
        if (fileSize < METADATA_LENGTH)
        {
            throw new RingFileException(path, "is truncated: " + fileSize + " bytes, shorter than the " + METADATA_LENGTH +
                "-byte header");
        }
        final int version = header.getInt(LAYOUT_VERSION_OFFSET);
        if (version != LAYOUT_VERSION)
        {
            throw new RingFileException(path, "has layout version " + version + "; this library reads version " +
                LAYOUT_VERSION + " (use the same Tandem version on both sides)");
        }
        final RingHeader h = new RingHeader(header);
        final String corrupt = h.inconsistency();
        if (corrupt != null)
        {
            throw new RingFileException(path, "has a corrupt header: " + corrupt);
        }
        if (fileSize < h.fileLength)
        {
            throw new RingFileException(path, "is truncated: " + fileSize + " bytes, but its header says " + h.fileLength +
                " (" + h.describe() + ")");
        }
        if (fileSize > h.fileLength)
        {
            throw new RingFileException(path, "is " + fileSize + " bytes, but its header says " + h.fileLength +
                " (" + h.describe() + "): it was changed by something other than Tandem");
        }
        return h;
    }

    /** @return what differs from the builder's explicit settings, or null if nothing does. */
    String mismatch(final RingBuffer.Builder expected)
    {
        final List<String> problems = new ArrayList<>();
        if (expected.slotCountSet() && expected.slotCount() != slotCount)
        {
            problems.add(expected.slotCount() + " slots were asked for");
        }
        if (expected.slotSizeSet() && expected.slotSize() != slotSize)
        {
            problems.add("a slot size of " + expected.slotSize() + " bytes was asked for");
        }
        if (expected.policySet() && expected.policy() != policy)
        {
            problems.add("policy " + expected.policy() + " was asked for");
        }
        if (expected.maxConsumersSet() && expected.maxConsumers() != maxConsumers)
        {
            problems.add("room for " + expected.maxConsumers() + " consumers was asked for");
        }
        return problems.isEmpty() ? null : "has " + describe() + ", but " + String.join(", ", problems);
    }

    String describe()
    {
        return slotCount + " slots of " + slotSize + " bytes, policy " + policy + ", room for " + maxConsumers + " consumers";
    }

    private String inconsistency()
    {
        if (policy == null)
        {
            return "unknown policy code";
        }
        if (slotCount < MIN_SLOT_COUNT || slotCount > MAX_SLOT_COUNT || Integer.bitCount(slotCount) != 1)
        {
            return "slot count " + slotCount + " is not a power of two between " + MIN_SLOT_COUNT + " and " + MAX_SLOT_COUNT;
        }
        if (slotSize < 1 || slotSize > MAX_SLOT_SIZE)
        {
            return "slot size " + slotSize + " is out of range";
        }
        if (maxConsumers < 1 || maxConsumers > MAX_CONSUMERS_LIMIT)
        {
            return "max consumers " + maxConsumers + " is out of range";
        }
        if (slotLength != RingBufferDescriptor.slotLength(slotSize) || slotsOffset != RingBufferDescriptor.slotsOffset(maxConsumers) ||
            fileLength != RingBufferDescriptor.fileLength(slotCount, slotSize, maxConsumers))
        {
            return "slot length " + slotLength + ", slots offset " + slotsOffset + " or file length " + fileLength +
                " does not follow from " + slotCount + " slots of " + slotSize + " bytes and " + maxConsumers + " consumers";
        }
        if (heartbeatTimeoutNs <= 0)
        {
            return "heartbeat timeout " + heartbeatTimeoutNs + " ns";
        }
        return null;
    }
}

package io.tandem.ringbuffer;

import io.tandem.internal.sharedfile.SharedFile;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.ringbuffer.RingBufferDescriptor.HEARTBEAT_TIMEOUT_OFFSET;
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
 * The ring metadata of a ring file (its body's first section), parsed from a mapped {@link SharedFile} whose common
 * header (magic, version, length, ready word) the shared-file layer has checked, and checked against the layout rules
 * before anything else is touched.
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

    private RingHeader(final ByteBuffer header, final SharedFile file)
    {
        this.policy = RingPolicy.ofCode(header.getInt(POLICY_OFFSET));
        this.slotCount = header.getInt(SLOT_COUNT_OFFSET);
        this.slotSize = header.getInt(SLOT_SIZE_OFFSET);
        this.slotLength = header.getInt(SLOT_LENGTH_OFFSET);
        this.maxConsumers = header.getInt(MAX_CONSUMERS_OFFSET);
        this.slotsOffset = header.getLong(SLOTS_OFFSET_OFFSET);
        this.fileLength = file.fileLength();
        this.heartbeatTimeoutNs = header.getLong(HEARTBEAT_TIMEOUT_OFFSET);
        this.creatorPid = file.creatorPid();
        this.creatorStartTimeMs = file.creatorStartTimeMs();
    }

    /**
     * @param file a mapped ring file whose common header is checked.
     * @throws RingFileException naming the path if its ring metadata is inconsistent or the file is longer than it
     *                           says.
     */
    static RingHeader parse(final SharedFile file)
    {
        final Path path = file.path();
        if (file.fileLength() < METADATA_LENGTH)
        {
            throw new RingFileException(path, "has a corrupt header: a file length of " + file.fileLength() +
                " bytes, shorter than the " + METADATA_LENGTH + "-byte metadata");
        }
        final RingHeader h = new RingHeader(file.copy(0, METADATA_LENGTH), file);
        final String corrupt = h.inconsistency();
        if (corrupt != null)
        {
            throw new RingFileException(path, "has a corrupt header: " + corrupt);
        }
        if (file.fileSize() > h.fileLength)
        {
            throw new RingFileException(path, "is " + file.fileSize() + " bytes, but its header says " + h.fileLength +
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

package io.tandem.remote.ring;

import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.LogBufferDescriptor;

/**
 * The layout of ring frames as Aeron messages between a {@link RingSender} and a {@link RingReceiver}: each frame
 * a record, a 32-byte header then the payload exactly as it was in the source ring's slot.
 *
 * <p><b>Messages.</b> A message holds one record or several:
 * <ul>
 * <li>a frame whose record is larger than a datagram's payload (Aeron's MTU less its 32-byte header) is a message of
 *     its own, copied by Aeron straight from the mapped slot; Aeron fragments and reassembles it, and the header is
 *     always in the first fragment, which holds at least MTU - 32 bytes;</li>
 * <li>smaller frames go in batches: as many records back to back as the ring holds at the time and one datagram's
 *     payload takes, each record starting at a multiple of {@link #RECORD_ALIGNMENT} from the message's start (its
 *     length rounded up: {@link #recordLength}), the last one unpadded or padded. A batch is never fragmented: a
 *     receiver takes it whole, and if its mirror fills part-way it resumes the same message at the record it left.
 *     Aeron would put separate small messages into one datagram too; the batch saves each its own 32-byte Aeron
 *     header, offer and poll.</li>
 * </ul>
 *
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            sequence (long): the frame's sequence in the        |  0
 *  |            source ring                                         |
 *  +---------------------------------------------------------------+
 *  |            timestamp (long), as the source producer set it     |  8
 *  |                                                                |
 *  +-------------------------------+-------------------------------+
 *  |       user tag (int)          |     payload length (int)      |  16, 20
 *  +-------------------------------+-------------------------------+
 *  |       flags (int)             |     version (int)             |  24, 28
 *  +-------------------------------+-------------------------------+
 *  |            payload, payload length bytes ...                   |  32
 *  +---------------------------------------------------------------+
 * </pre>
 * Little-endian (Agrona's default byte order for {@code UnsafeBuffer} accessors is native; Tandem runs on
 * little-endian Linux only, the same rule as {@code RingBufferDescriptor}).
 *
 * <p><b>Flags.</b> {@link #FLAG_JOIN}: the first frame the sender sends after its consumer (re)registered on the
 * source ring: a receiver starts counting gaps in {@code sequence} from it, not before.
 *
 * <p><b>Torn marker.</b> (Messages of one record.) Aeron's 8-byte reserved value of each fragment's data frame header is
 * {@link #RESERVED_INTACT} or {@link #RESERVED_TORN}. On an OVERWRITE source the sender copies the payload from the
 * mapped slot straight into Aeron's term (no copy of its own) and re-checks the slot's stamp after each fragment's
 * copy, before that fragment is committed (Aeron's {@code ReservedValueSupplier} runs then): the stamp check after
 * the last fragment is the sequence lock's validation. A message whose last fragment says torn was overwritten while
 * it was sent: the receiver aborts its claim and counts it; it is never published into the mirror ring. A batch's
 * records were copied by the sender, which checked each slot's stamp after its copy and left torn ones out.
 *
 * <p><b>Sizing.</b> Aeron's largest message is a term's length / 8, and at most {@link #AERON_MAX_MESSAGE_LENGTH}
 * (16 MiB) whatever the term; so the largest slot a remote ring may have is {@link #MAX_SLOT_SIZE}, and the term
 * length a sender needs is {@link #termLengthFor(int)}.
 */
public final class RemoteFrameDescriptor
{
    /** Offset of the frame's sequence in the source ring (long). */
    public static final int SEQUENCE_OFFSET = 0;
    /** Offset of the producer's timestamp (long). */
    public static final int TIMESTAMP_OFFSET = 8;
    /** Offset of the user tag (int). */
    public static final int TAG_OFFSET = 16;
    /** Offset of the payload length (int). */
    public static final int LENGTH_OFFSET = 20;
    /** Offset of the flags (int). */
    public static final int FLAGS_OFFSET = 24;
    /** Offset of the version (int). */
    public static final int VERSION_OFFSET = 28;
    /** Bytes of the header: the payload starts here. */
    public static final int HEADER_LENGTH = 32;

    /** The layout this class describes; a receiver drops (and counts) messages of any other version (1: one record a message). */
    public static final int VERSION = 2;
    /** Records in a batch start at multiples of this, from the message's start: the header's longs stay aligned. */
    public static final int RECORD_ALIGNMENT = 8;

    /** Flag: first frame after the sender's consumer (re)joined the source ring; gaps are counted from here. */
    public static final int FLAG_JOIN = 1;

    /** Aeron reserved value of a fragment whose frame was intact when copied (Aeron's default, 0). */
    public static final long RESERVED_INTACT = 0;
    /** Aeron reserved value of a fragment whose source slot was overwritten while it was copied: discard. */
    public static final long RESERVED_TORN = 0x4E524F54L; // "TORN" as little-endian ASCII

    /** Aeron's largest message, whatever the term length. */
    public static final int AERON_MAX_MESSAGE_LENGTH = FrameDescriptor.MAX_MESSAGE_LENGTH;
    /** The largest ring slot size (payload capacity) that can cross as one Aeron message with this header. */
    public static final int MAX_SLOT_SIZE = AERON_MAX_MESSAGE_LENGTH - HEADER_LENGTH;

    private RemoteFrameDescriptor()
    {
    }

    /** @return the bytes a record of a {@code payloadLength}-byte frame takes in a batch: header and payload, aligned. */
    public static int recordLength(final int payloadLength)
    {
        return (HEADER_LENGTH + payloadLength + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /** @return the longest message a sender of a ring with this slot size offers: header + a full slot. */
    public static int messageLength(final int slotSize)
    {
        return HEADER_LENGTH + slotSize;
    }

    /**
     * @return the smallest Aeron term length (a power of two, at least Aeron's 64 KiB) whose largest message
     * (term / 8) holds a full slot and the header.
     * @throws IllegalArgumentException if the slot is larger than {@link #MAX_SLOT_SIZE}.
     */
    public static int termLengthFor(final int slotSize)
    {
        checkSlotSize(slotSize);
        final long needed = 8L * messageLength(slotSize);
        final long term = Math.max(LogBufferDescriptor.TERM_MIN_LENGTH, Long.highestOneBit(needed - 1) << 1);
        return (int)Math.min(term, LogBufferDescriptor.TERM_MAX_LENGTH);
    }

    /**
     * @throws IllegalArgumentException naming the size, the limit and the remedy, if a slot of {@code slotSize}
     *                                  bytes cannot cross as one Aeron message.
     */
    public static void checkSlotSize(final int slotSize)
    {
        if (slotSize > MAX_SLOT_SIZE)
        {
            throw new IllegalArgumentException("a ring slot of " + slotSize + " bytes cannot cross hosts: with the " +
                HEADER_LENGTH + "-byte remote frame header it makes a " + (long)messageLength(slotSize) + "-byte Aeron " +
                "message, and Aeron's largest message is " + AERON_MAX_MESSAGE_LENGTH + " bytes (term length / 8, at most " +
                "16 MiB); use slots of at most " + MAX_SLOT_SIZE + " bytes, or split the frame");
        }
    }
}

package io.tandem.ringbuffer;

import io.tandem.internal.sharedfile.SharedFileDescriptor;

/**
 * The binary layout of a ring buffer file: every offset, size and encoding, so that a program in another
 * language can map the file and take part (layout version {@value #LAYOUT_VERSION}).
 *
 * <p>All integers are in the platform's native byte order (little-endian on x86-64 and AArch64 Linux) and
 * naturally aligned. Times marked <i>ns</i> are {@code CLOCK_MONOTONIC} nanoseconds (Java's
 * {@code System.nanoTime()} on Linux), comparable between processes of one machine; times marked <i>ms</i>
 * are milliseconds since the Unix epoch. The file is four sections:
 *
 * <pre>
 *   0 +--------------------------------------------------------------+
 *     | common header (magic, version, length, creator, ready word)  |  64 bytes
 *  64 +--------------------------------------------------------------+
 *     | ring metadata  written once by the creator, then read-only   |  64 bytes
 * 128 +--------------------------------------------------------------+
 *     | producer position (alone on a 128-byte pair of cache lines)  |  128 bytes
 * 256 +--------------------------------------------------------------+
 *     | producer identity and ring counters                          |  256 bytes
 * 512 +--------------------------------------------------------------+
 *     | consumer table: maxConsumers entries of 128 bytes            |
 *     +--------------------------------------------------------------+
 *     | zero padding up to the next 4096-byte boundary               |
 * S   +--------------------------------------------------------------+  S = slotsOffset(maxConsumers)
 *     | slot 0 | slot 1 | ... | slot slotCount-1                     |  slotCount * slotLength bytes
 *     +--------------------------------------------------------------+
 *     | zero padding up to the next 4096-byte boundary               |
 *     +--------------------------------------------------------------+  fileLength(...)
 * </pre>
 *
 * <h2>Common header (offset 0)</h2>
 * The 64 bytes every Tandem shared file starts with, {@code io.tandem.internal.sharedfile.SharedFileDescriptor}:
 * magic {@link #MAGIC} ("TNDMRING"), layout version {@link #LAYOUT_VERSION}, file length, creator pid and process
 * start time, creation time, and a ready word the creator stores last with a release store. A reader that loads the
 * ready word with an acquire load and finds it set sees every other field (Aeron's CnC rule). Tandem also builds the
 * file under a temporary name and links it into place only when complete.
 *
 * <h2>Ring metadata (offset 64)</h2>
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |   policy (0 BLOCK, 1 OVERWR.) |          slot count           |  64, 68
 *  +-------------------------------+-------------------------------+
 *  |  slot size (payload capacity) |  slot length (stride, bytes)  |  72, 76
 *  +-------------------------------+-------------------------------+
 *  |         max consumers         |         reserved (int)        |  80, 84
 *  +-------------------------------+-------------------------------+
 *  |                  slots offset S (long)                        |  88
 *  |                  consumer heartbeat timeout, ns (long)        |  96
 *  |                  reserved, zero, up to offset 128             |  104
 *  +---------------------------------------------------------------+
 * </pre>
 * Written once by the creator before the ready word, then read-only.
 *
 * <h2>Producer position (offset 128)</h2>
 * One long: the number of frames published, i.e. the sequence of the next frame. Written by the producer
 * (release store) after each frame's slot is committed; read by consumers when they join, when they are
 * lapped and for their lag. The rest of its 128 bytes is padding: nothing else shares the pair of cache
 * lines, which the adjacent-line prefetcher moves together.
 *
 * <h2>Producer identity and counters (offset 256)</h2>
 * <pre>
 *  256  producer owner (long): 0 none; pid while a producer is attached; -pid while it is taking over
 *  264  producer process start time, ms (long), valid when the owner is positive
 *  272  producer heartbeat, ns (long): written on attach, every {@value #PRODUCER_HEARTBEAT_FRAMES} frames
 *       and while the producer waits for space
 *  280  producer state (int): 0 none yet, 1 active, 2 closed
 *  284  reserved (int)
 *  288  producer blocked count (long): times the producer found the ring full (BLOCK)
 *  296  consumers evicted (long): consumers cut loose because their process died
 *  304  consumer high water (int): 1 + the highest consumer index ever claimed; scans stop there
 *  308  reserved (int)
 *  312  consumers registered (long): registrations since creation
 *  320  reserved, zero, up to offset 384
 *  384  data doorbell (8 bytes: sequence int, sleepers int): consumers sleep on it; the producer rings it after
 *       each frame it publishes. Alone on its cache line.
 *  448  space doorbell (8 bytes): a BLOCK producer waiting for a free slot sleeps on it; a consumer rings it
 *       after it releases frames (BLOCK rings only). Alone on its cache line.
 * </pre>
 * A doorbell is a futex word and a count of sleepers; its protocol (announce, re-check, sleep; publish, fence,
 * look for sleepers, wake) is {@code io.tandem.idle.Doorbell}'s, and any language that can make the futex system
 * call (or that only polls, leaving the count at zero) takes part.
 * The producer is single: it takes the owner word by compare-and-swap (from 0, or from the pid of a dead
 * process) to {@code -pid}, writes its start time, then stores {@code pid} with a release store. A ring is
 * <i>abandoned</i> when the state is closed or the owner's process is gone (pid absent, or its start time
 * differs: the pid was reused).
 *
 * <h2>Consumer entry (offset 512 + index * 128)</h2>
 * <pre>
 *   +0  position (long): the sequence of the next frame this consumer reads; everything below has been
 *       released. Written by the consumer with a release store; read by the producer with an acquire load.
 *   +8  consumed (long): frames delivered to this consumer
 *  +16  dropped (long): frames this consumer lost (lapped or overwritten while read)
 *  +24  heartbeat, ns (long)
 *  +32  state word (long): (generation &lt;&lt; 8) | state; state 0 free, 1 registering, 2 active
 *  +40  pid (long)
 *  +48  process start time, ms (long)
 *  +56  name length in bytes (int), at most {@value #MAX_CONSUMER_NAME_LENGTH}
 *  +60  reserved (int)
 *  +64  name, UTF-8, 64 bytes
 * </pre>
 * Each entry is 128 bytes on a 128-byte boundary, so two consumers never write the same pair of cache lines.
 * For a consumer that has been present throughout, {@code position - position at registration == consumed +
 * dropped}. Transitions of the state word are compare-and-swaps: free(g) to registering(g+1) claims an entry;
 * registering(g) to active(g) makes it gate the producer; active(g) to free(g) is a close or an eviction. The
 * generation tells a consumer that its entry was taken from it.
 *
 * <h2>Slot (offset S + (sequence &amp; (slotCount - 1)) * slotLength)</h2>
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        stamp (long)                           |  0
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |       payload length          |           user tag            |  8, 12
 *  +-------------------------------+-------------------------------+
 *  |                  timestamp (long, set by the producer)        |  16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  payload, up to slot size bytes ...           |  24
 *  +---------------------------------------------------------------+
 * </pre>
 * {@code slotLength = align(24 + slotSize, 8)}: the payload and every slot start are 8-byte aligned.
 * The stamp is a sequence lock word for the frame of sequence {@code s}:
 * <ul>
 * <li>{@code 0}: never written;</li>
 * <li>{@code -(s + 1)}: the producer is writing frame {@code s} (stored before the first payload byte
 *     changes, then a store-store fence);</li>
 * <li>{@code s + 1}: frame {@code s} is committed (release store after the payload, length, tag and
 *     timestamp).</li>
 * </ul>
 * A reader wanting frame {@code s} loads the stamp (acquire): {@code s + 1} means ready; an absolute value
 * below {@code s + 1}, or {@code -(s + 1)}, means not yet; an absolute value above {@code s + 1} means the
 * producer has lapped the reader and frame {@code s} is gone. After reading, the reader issues a load-load
 * fence and loads the stamp again: if it changed, what it read is torn and must be discarded.
 */
public final class RingBufferDescriptor
{
    /** "TNDMRING" in ASCII, read as a little-endian long: a hex dump of the file starts with the word. */
    public static final long MAGIC = 0x474E_4952_4D44_4E54L;
    /** The layout this class describes (3: the common shared-file header); an attach to any other version fails. */
    public static final int LAYOUT_VERSION = 3;

    /** Bytes of a cache line. */
    public static final int CACHE_LINE_LENGTH = 64;
    /** Hot fields are padded to two cache lines: the spatial prefetcher moves lines in pairs. */
    public static final int PADDED_LENGTH = 2 * CACHE_LINE_LENGTH;
    /** The file's length, and the first slot, are aligned to this (a page). */
    public static final int FILE_ALIGNMENT = 4096;

    // ---- ring metadata, after the common header; written once by the creator
    public static final int POLICY_OFFSET = SharedFileDescriptor.BODY_OFFSET;
    public static final int SLOT_COUNT_OFFSET = POLICY_OFFSET + 4;
    public static final int SLOT_SIZE_OFFSET = POLICY_OFFSET + 8;
    public static final int SLOT_LENGTH_OFFSET = POLICY_OFFSET + 12;
    public static final int MAX_CONSUMERS_OFFSET = POLICY_OFFSET + 16;
    public static final int SLOTS_OFFSET_OFFSET = POLICY_OFFSET + 24;
    public static final int HEARTBEAT_TIMEOUT_OFFSET = POLICY_OFFSET + 32;
    /** The common header and the ring metadata: everything an attach reads before mapping the rest. */
    public static final int METADATA_LENGTH = 128;

    /** Policy code of {@link RingPolicy#BLOCK}. */
    public static final int POLICY_BLOCK = 0;
    /** Policy code of {@link RingPolicy#OVERWRITE}. */
    public static final int POLICY_OVERWRITE = 1;

    // ---- producer position, alone on its padded lines
    public static final int PRODUCER_POSITION_OFFSET = METADATA_LENGTH;

    // ---- producer identity and counters
    public static final int PRODUCER_OWNER_OFFSET = PRODUCER_POSITION_OFFSET + PADDED_LENGTH;
    public static final int PRODUCER_START_TIME_OFFSET = PRODUCER_OWNER_OFFSET + 8;
    public static final int PRODUCER_HEARTBEAT_OFFSET = PRODUCER_OWNER_OFFSET + 16;
    public static final int PRODUCER_STATE_OFFSET = PRODUCER_OWNER_OFFSET + 24;
    public static final int PRODUCER_BLOCKED_COUNT_OFFSET = PRODUCER_OWNER_OFFSET + 32;
    public static final int CONSUMERS_EVICTED_OFFSET = PRODUCER_OWNER_OFFSET + 40;
    public static final int CONSUMER_HIGH_WATER_OFFSET = PRODUCER_OWNER_OFFSET + 48;
    public static final int CONSUMERS_REGISTERED_OFFSET = PRODUCER_OWNER_OFFSET + 56;
    /** Consumers sleep on it; the producer rings it after publishing. */
    public static final int DATA_BELL_OFFSET = 384;
    /** A BLOCK producer waiting for space sleeps on it; consumers ring it after releasing. */
    public static final int SPACE_BELL_OFFSET = 448;

    /** Producer state: no producer has attached yet. */
    public static final int PRODUCER_NONE = 0;
    /** Producer state: a producer attached (check its owner's process to know whether it still lives). */
    public static final int PRODUCER_ACTIVE = 1;
    /** Producer state: the last producer closed; a new one may attach. */
    public static final int PRODUCER_CLOSED = 2;
    /** The producer refreshes its heartbeat when the sequence it publishes is a multiple of this. */
    public static final int PRODUCER_HEARTBEAT_FRAMES = 4096;

    // ---- consumer table
    public static final int CONSUMER_TABLE_OFFSET = 512;
    public static final int CONSUMER_ENTRY_LENGTH = PADDED_LENGTH;
    public static final int CONSUMER_POSITION_OFFSET = 0;
    public static final int CONSUMER_CONSUMED_OFFSET = 8;
    public static final int CONSUMER_DROPPED_OFFSET = 16;
    public static final int CONSUMER_HEARTBEAT_OFFSET = 24;
    public static final int CONSUMER_STATE_OFFSET = 32;
    public static final int CONSUMER_PID_OFFSET = 40;
    public static final int CONSUMER_START_TIME_OFFSET = 48;
    public static final int CONSUMER_NAME_LENGTH_OFFSET = 56;
    public static final int CONSUMER_NAME_OFFSET = 64;
    /** Longest consumer name, in UTF-8 bytes. */
    public static final int MAX_CONSUMER_NAME_LENGTH = CONSUMER_ENTRY_LENGTH - CONSUMER_NAME_OFFSET;

    /** Consumer entry state: free to claim. */
    public static final int CONSUMER_FREE = 0;
    /** Consumer entry state: claimed, being filled in; does not gate the producer yet. */
    public static final int CONSUMER_REGISTERING = 1;
    /** Consumer entry state: registered; in BLOCK mode its position gates the producer. */
    public static final int CONSUMER_ACTIVE = 2;
    /** Largest number of consumers a ring may be created for. */
    public static final int MAX_CONSUMERS_LIMIT = 4096;

    // ---- slots
    public static final int SLOT_STAMP_OFFSET = 0;
    public static final int SLOT_LENGTH_FIELD_OFFSET = 8;
    public static final int SLOT_TAG_OFFSET = 12;
    public static final int SLOT_TIMESTAMP_OFFSET = 16;
    public static final int SLOT_HEADER_LENGTH = 24;
    /** Slot starts and payloads are aligned to this. */
    public static final int SLOT_ALIGNMENT = 8;
    /** Fewest slots a ring may have. */
    public static final int MIN_SLOT_COUNT = 2;
    /** Most slots a ring may have. */
    public static final int MAX_SLOT_COUNT = 1 << 30;
    /** Largest slot size (payload capacity), bytes. */
    public static final int MAX_SLOT_SIZE = Integer.MAX_VALUE - 64;
    /** Largest ring file, bytes (1 TiB). */
    public static final long MAX_FILE_LENGTH = 1L << 40;

    private RingBufferDescriptor()
    {
    }

    /** @return {@code value} rounded up to a multiple of {@code alignment} (a power of two). */
    public static long align(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    /** @return the distance between slot starts for a payload capacity of {@code slotSize} bytes. */
    public static int slotLength(final int slotSize)
    {
        return (int)align((long)SLOT_HEADER_LENGTH + slotSize, SLOT_ALIGNMENT);
    }

    /** @return the offset of the first slot, after a consumer table of {@code maxConsumers} entries. */
    public static long slotsOffset(final int maxConsumers)
    {
        return align(CONSUMER_TABLE_OFFSET + (long)maxConsumers * CONSUMER_ENTRY_LENGTH, FILE_ALIGNMENT);
    }

    /** @return the length of a ring file with this geometry. */
    public static long fileLength(final int slotCount, final int slotSize, final int maxConsumers)
    {
        return align(slotsOffset(maxConsumers) + (long)slotCount * slotLength(slotSize), FILE_ALIGNMENT);
    }

    /** @return the offset of consumer entry {@code index}. */
    public static long consumerEntryOffset(final int index)
    {
        return CONSUMER_TABLE_OFFSET + (long)index * CONSUMER_ENTRY_LENGTH;
    }

    /** @return the offset of the slot holding {@code sequence}. */
    public static long slotOffset(final long slotsOffset, final int slotCount, final int slotLength, final long sequence)
    {
        return slotsOffset + (sequence & (slotCount - 1)) * slotLength;
    }

    /** @return the stamp of a slot once frame {@code sequence} is committed. */
    public static long committedStamp(final long sequence)
    {
        return sequence + 1;
    }

    /** @return the stamp of a slot while the producer writes frame {@code sequence}. */
    public static long writingStamp(final long sequence)
    {
        return -(sequence + 1);
    }

    /** @return true when {@code stamp} shows that frame {@code sequence} was overwritten (or is being). */
    public static boolean isLapped(final long stamp, final long sequence)
    {
        return Math.abs(stamp) > sequence + 1;
    }

    /** @return a consumer state word. */
    public static long consumerStateWord(final long generation, final int state)
    {
        return (generation << 8) | state;
    }

    /** @return the state ({@link #CONSUMER_FREE}, ...) of a consumer state word. */
    public static int consumerState(final long stateWord)
    {
        return (int)(stateWord & 0xFF);
    }

    /** @return the generation of a consumer state word. */
    public static long consumerGeneration(final long stateWord)
    {
        return stateWord >>> 8;
    }
}

package io.tandem.internal.runtime;

import io.tandem.internal.sharedfile.SharedFileDescriptor;

/**
 * The layout of a session's process table, {@code <session>/processes}: one slot per process of the
 * session, with its state, pid and traffic counters, and a bitmap of "replies waiting" doorbells that a
 * manager scans instead of polling every process (the {@code select()} of the tutorial, minus its limits).
 * Native-endian. The file starts with the common shared-file header
 * ({@code io.tandem.internal.sharedfile.SharedFileDescriptor}: magic {@link #MAGIC} "TNDMPTBL", layout version
 * {@link #LAYOUT_VERSION}, file length, creator, and the ready word written last); this class states the body.
 *
 * <pre>
 * header, 4096 bytes
 *     0  common shared-file header (64 bytes)
 *    64  int  capacity (slots)      68  int  reserved
 *   128  long[capacity / 64]        ready bitmap: bit i set = slot i has replies waiting
 *  1024  doorbell (8 bytes)         the poll bell: pollers sleep on it; a backend rings it after each reply,
 *                                   a frontend when it learns a backend exited
 * slot i at 4096 + i * 512: four 128-byte parts, so no two writers share a cache line (nor a prefetched
 * pair) and none bounces between cores on every message
 *   256  doorbell (8 bytes)         the command bell: the backend sleeps on it, the frontend rings it after each
 *                                   command (and to stop the backend)
 *   384  doorbell (8 bytes)         the reply bell: frontend waiters sleep on it, the backend rings it after each
 *                                   reply, the frontend when it learns the backend exited
 *     frontend half                          backend half
 *     0  int  state (see State)              128  long pid of the backend
 *     4  int  exit code                      136  long commands run
 *     8  long commands sent                  144  long replies sent
 *    16  long replies read                   152  long command bytes read
 *    24  long start time, ms since epoch     160  long reply bytes written
 *    32  long generation (bumped at each claim)
 *    40  long command bytes written
 *    48  long reply bytes read
 *    56  long command backlog limit, bytes
 *    64  long reply backlog limit, bytes
 *    72  int  frontend closing (1: replies are no longer read)
 * </pre>
 *
 * A slot is claimed with a compare-and-set of its state from FREE; each counter has one writer side
 * and only grows, so a reader computes a backlog as {@code sent - run} without locking. The byte counters
 * are the queues' flow control: a message's bytes (its 4-byte header included) are added to "written" by
 * its sender before the message is appended, and to "read" by the reader once it has consumed it, so
 * {@code written - read} is each queue's backlog and a sender keeps it at or under the limit. The doorbells
 * follow {@link io.tandem.idle.Doorbell}'s protocol; each lies on a line of its own, written only around a sleep,
 * so ringing one that nobody sleeps on reads a line that stays shared between the cores.
 */
public final class ProcessTableDescriptor
{
    /** "TNDMPTBL" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x4C42_5450_4D44_4E54L;
    /** 5: the common shared-file header. */
    public static final int LAYOUT_VERSION = 5;
    public static final int CAPACITY = 4096;

    public static final int CAPACITY_OFFSET = SharedFileDescriptor.BODY_OFFSET;
    public static final int BITMAP_OFFSET = 128;
    public static final int POLL_BELL_OFFSET = 1024;
    /** Where slot 0 starts: the header is a page. */
    public static final int SLOTS_OFFSET = 4096;
    public static final int SLOT_LENGTH = 512;

    // ---- a slot's fields, from the slot's start
    public static final int STATE_OFFSET = 0;
    public static final int EXIT_CODE_OFFSET = 4;
    public static final int COMMANDS_SENT_OFFSET = 8;
    public static final int REPLIES_READ_OFFSET = 16;
    public static final int START_MILLIS_OFFSET = 24;
    public static final int GENERATION_OFFSET = 32;
    public static final int COMMAND_BYTES_WRITTEN_OFFSET = 40;
    public static final int REPLY_BYTES_READ_OFFSET = 48;
    public static final int COMMAND_BACKLOG_LIMIT_OFFSET = 56;
    public static final int REPLY_BACKLOG_LIMIT_OFFSET = 64;
    public static final int FRONTEND_CLOSING_OFFSET = 72;
    public static final int PID_OFFSET = 128;
    public static final int COMMANDS_RUN_OFFSET = 136;
    public static final int REPLIES_SENT_OFFSET = 144;
    public static final int COMMAND_BYTES_READ_OFFSET = 152;
    public static final int REPLY_BYTES_WRITTEN_OFFSET = 160;
    public static final int COMMAND_BELL_OFFSET = 256;
    public static final int REPLY_BELL_OFFSET = 384;

    /** Slot states. */
    public static final int FREE = 0;
    public static final int STARTING = 1;
    public static final int RUNNING = 2;
    public static final int EXITED = 3;
    /**
     * A spare backend JVM (see {@code SparePool}): booted and warmed, not yet any process's. Its slot is the
     * spare's own, freed when it is claimed; set by the spare once warm.
     */
    public static final int SPARE = 4;
    /** A spare that read its claim and is becoming the process named in it: its answer to the frontend. */
    public static final int CLAIMED = 5;

    private ProcessTableDescriptor()
    {
    }

    /** @return the offset of slot {@code slot}. */
    public static int slotOffset(final int slot)
    {
        return SLOTS_OFFSET + slot * SLOT_LENGTH;
    }

    /** @return the file length for {@code capacity} slots. */
    public static int fileLength(final int capacity)
    {
        return SLOTS_OFFSET + capacity * SLOT_LENGTH;
    }

    /** @return a state's name. */
    public static String stateName(final int state)
    {
        switch (state)
        {
            case FREE:
                return "free";
            case STARTING:
                return "starting";
            case RUNNING:
                return "running";
            case EXITED:
                return "exited";
            case SPARE:
                return "spare";
            case CLAIMED:
                return "claimed";
            default:
                return "state " + state;
        }
    }
}

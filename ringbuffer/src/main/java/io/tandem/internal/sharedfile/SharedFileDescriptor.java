package io.tandem.internal.sharedfile;

/**
 * The header every Tandem shared file starts with, whatever its kind (after Aeron's {@code CncFileDescriptor} and
 * Agrona's {@code MarkFile}). All integers are in the platform's native byte order (little-endian on x86-64 and
 * AArch64 Linux) and naturally aligned.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  magic: the file's kind (long)                |  0
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |     layout version (int)      |        reserved (int)         |  8, 12
 *  +-------------------------------+-------------------------------+
 *  |                  file length, bytes (long)                    |  16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  creator pid (long)                           |  24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |           creator process start time, ms since epoch (long)   |  32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                creation time, ms since epoch (long)           |  40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      ready word (long): 0 being made, 1 ready; written LAST   |  48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  reserved, zero (long)                        |  56
 *  +---------------------------------------------------------------+
 *  |                  body: the kind's own layout ...              |  64 = BODY_OFFSET
 * </pre>
 *
 * <p><b>Ready.</b> The creator initialises the body, then every header field, then stores {@link #READY} into the
 * ready word with a release store. A reader loads the ready word with an acquire load and, finding {@link #READY},
 * sees every other header and body field the creator wrote. Tandem also builds each file under a temporary name
 * and links it into place only when it is ready, so a reader that opens it by name never finds a half-made one;
 * the ready word still guards readers that open it some other way (and is what a zeroed file fails on).
 *
 * <p><b>Liveness.</b> The creator's pid and start time say whether it still runs
 * ({@link ProcessLiveness#isAlive}): a pid alone could have been reused by another process.
 *
 * <p>A kind's descriptor states only its body: offsets from {@link #BODY_OFFSET} on, absolute within the file, named
 * {@code *_OFFSET}, and a layout version of its own (which covers this header too: a change here bumps every kind).
 */
public final class SharedFileDescriptor
{
    /** Offset of the magic (long): which kind of file this is. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version (int) of the kind. */
    public static final int LAYOUT_VERSION_OFFSET = 8;
    /** Offset of the file's length in bytes (long), header included: a shorter file was truncated. */
    public static final int FILE_LENGTH_OFFSET = 16;
    /** Offset of the creator's pid (long). */
    public static final int CREATOR_PID_OFFSET = 24;
    /** Offset of the creator's process start time, ms since the epoch (long); 0 if the OS did not say. */
    public static final int CREATOR_START_TIME_OFFSET = 32;
    /** Offset of the creation time, ms since the epoch (long). */
    public static final int CREATED_TIME_OFFSET = 40;
    /** Offset of the ready word (long): {@link #NOT_READY} or {@link #READY}, stored last with a release store. */
    public static final int READY_OFFSET = 48;
    /** Length of the header: one cache line. */
    public static final int HEADER_LENGTH = 64;
    /** Where every kind's body starts. */
    public static final int BODY_OFFSET = HEADER_LENGTH;

    /** Ready word of a file still being made (or zeroed). */
    public static final long NOT_READY = 0;
    /** Ready word of a complete file. */
    public static final long READY = 1;

    private SharedFileDescriptor()
    {
    }
}

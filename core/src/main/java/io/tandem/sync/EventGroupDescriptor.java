package io.tandem.sync;

/**
 * The layout of an event group file, {@code <session>/events/<name>}: a header, then one sequence per
 * event, each alone on a 128-byte block so that events set by different processes never share a cache
 * line (nor an adjacent-line prefetch pair). All values are native-endian.
 *
 * <pre>
 *   0                   4                   8                   12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | magic 'TEVG'      | layout version    | event count       | group tag         |
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | creator pid (long)                    | creator start time, ms since epoch    |  16..31
 *   +---------------------------------------+---------------------------------------+
 *   | reserved                                                                      |  32..63
 *   +---------------------------------------+---------------------------------------+
 *   | doorbell: sequence (int), sleepers (int) | reserved                           |  64..127
 *   +-------------------------------------------------------------------------------+
 *   | sequence of event 0 (long), then padding                                      | 128..255
 *   | sequence of event 1 ...                                                       | 256..383
 * </pre>
 *
 * The creator writes everything, then the layout version with a release store: a version of 0 means
 * "not ready". A sequence only grows: {@code set} adds one, then rings the group's doorbell (see
 * {@link io.tandem.idle.Doorbell}); a waiter waits for it to move past the value it saw, asleep on the doorbell
 * once it has spun a while.
 */
public final class EventGroupDescriptor
{
    /** 'TEVG' */
    public static final int MAGIC = 0x54455647;
    public static final int LAYOUT_VERSION = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int COUNT_OFFSET = 8;
    public static final int TAG_OFFSET = 12;
    public static final int CREATOR_PID_OFFSET = 16;
    public static final int CREATOR_START_OFFSET = 24;
    public static final int BELL_OFFSET = 64;
    public static final int HEADER_LENGTH = 128;
    /** Bytes per event: two cache lines. */
    public static final int EVENT_STRIDE = 128;
    /** Most events a group may hold. */
    public static final int MAX_EVENTS = 4096;

    private EventGroupDescriptor()
    {
    }

    /** @return the offset of event {@code index}'s sequence. */
    public static int sequenceOffset(final int index)
    {
        return HEADER_LENGTH + index * EVENT_STRIDE;
    }

    /** @return the file length for {@code count} events. */
    public static int fileLength(final int count)
    {
        return HEADER_LENGTH + count * EVENT_STRIDE;
    }
}

package io.tandem.sync;

import io.tandem.internal.sharedfile.SharedFileDescriptor;

/**
 * The layout of an event group file, {@code <session>/events/<name>}: the common shared-file header
 * ({@code io.tandem.internal.sharedfile.SharedFileDescriptor}: magic {@link #MAGIC} "TNDMEVGR", layout version
 * {@link #LAYOUT_VERSION}, file length, creator pid and start time, and the ready word written last), the group's
 * own fields, its doorbell, then one sequence per event, each alone on a 128-byte block so that events set by
 * different processes never share a cache line (nor an adjacent-line prefetch pair). All values are native-endian.
 *
 * <pre>
 *   0                   4                   8                   12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | common shared-file header                                                     |   0..63
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | event count       | group tag         | reserved                              |  64..127
 *   +-------------------+-------------------+---------------------------------------+
 *   | doorbell: sequence (int), sleepers (int) | reserved                           | 128..255
 *   +-------------------------------------------------------------------------------+
 *   | sequence of event 0 (long), then padding                                      | 256..383
 *   | sequence of event 1 ...                                                       | 384..511
 * </pre>
 *
 * The doorbell has its pair of cache lines to itself: the count and tag are read once, at attach. A sequence only
 * grows: {@code set} adds one, then rings the group's doorbell (see {@link io.tandem.idle.Doorbell}); a waiter waits
 * for it to move past the value it saw, asleep on the doorbell once it has spun a while.
 */
public final class EventGroupDescriptor
{
    /** "TNDMEVGR" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x5247_5645_4D44_4E54L;
    /** 3: the common shared-file header. */
    public static final int LAYOUT_VERSION = 3;

    public static final int COUNT_OFFSET = SharedFileDescriptor.BODY_OFFSET;
    public static final int TAG_OFFSET = COUNT_OFFSET + 4;
    public static final int BELL_OFFSET = 128;
    /** Where event 0's sequence is. */
    public static final int EVENTS_OFFSET = 256;
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
        return EVENTS_OFFSET + index * EVENT_STRIDE;
    }

    /** @return the file length for {@code count} events. */
    public static int fileLength(final int count)
    {
        return EVENTS_OFFSET + count * EVENT_STRIDE;
    }
}

package io.tandem.internal.channel;

import io.tandem.failure.Direction;
import io.tandem.internal.runtime.ProcessTable;

import static io.tandem.internal.runtime.ProcessTableDescriptor.COMMAND_BYTES_READ_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.COMMAND_BYTES_WRITTEN_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.REPLY_BYTES_READ_OFFSET;
import static io.tandem.internal.runtime.ProcessTableDescriptor.REPLY_BYTES_WRITTEN_OFFSET;

/**
 * One queue's backlog: the bytes its writer has committed that its reader has not yet consumed, from two
 * counters in the session's process table (one per side, each in that side's half of the slot, see
 * {@link io.tandem.internal.runtime.ProcessTableDescriptor}).
 *
 * <p>Protocol. A sender reserves a message's bytes by a compare-and-set on "written" that keeps
 * {@code written + size - read <= limit}, then appends the message; the reader adds the message's bytes to
 * "read" once it has consumed it. So the backlog never exceeds the limit, whatever the number of sending
 * threads. A send that fails after reserving gives its bytes back. The sender keeps the last "read" it saw
 * and looks at the reader's counter again only when that value says the limit is near, so under a normal
 * load no cache line crosses between the two processes for flow control (the Disruptor's cached gating
 * sequence).
 */
public final class Backlog
{
    /** What a message costs beyond its encoded bytes: Chronicle's 4-byte document header. */
    public static final int HEADER_BYTES = 4;

    private final ProcessTable table;
    private final int slot;
    private final int writtenField;
    private final int readField;
    private final long limit;
    /** The reader's counter as last seen: only ever behind the real one, so room it shows is real. */
    private volatile long readSeen;

    private Backlog(final ProcessTable table, final int slot, final Direction direction, final long limit)
    {
        this.table = table;
        this.slot = slot;
        this.writtenField = direction == Direction.COMMANDS ? COMMAND_BYTES_WRITTEN_OFFSET : REPLY_BYTES_WRITTEN_OFFSET;
        this.readField = direction == Direction.COMMANDS ? COMMAND_BYTES_READ_OFFSET : REPLY_BYTES_READ_OFFSET;
        this.limit = limit;
    }

    /**
     * @param limit the most bytes that may be unread (ignored by a reader's view).
     * @return the backlog of {@code direction}'s queue of the process in {@code slot}.
     */
    public static Backlog of(final ProcessTable table, final int slot, final Direction direction, final long limit)
    {
        return new Backlog(table, slot, direction, limit);
    }

    /**
     * Reserves {@code size} bytes if the backlog stays within the limit. Sending side, any thread.
     *
     * @return true if reserved; false if the backlog is too full now.
     */
    public boolean tryReserve(final long size)
    {
        while (true)
        {
            final long written = table.counter(slot, writtenField);
            if (written + size - readSeen > limit)
            {
                readSeen = table.counter(slot, readField); // acquire: pairs with the reader's release in consumed()
                if (written + size - readSeen > limit)
                {
                    return false;
                }
            }
            if (table.compareAndSet(slot, writtenField, written, written + size))
            {
                return true;
            }
        }
    }

    /** Reserves {@code size} bytes even past the limit: Tandem's own few control events (stop, started). */
    public void reserveOverLimit(final long size)
    {
        table.add(slot, writtenField, size);
    }

    /** Gives back bytes reserved for a message that was not written after all. */
    public void cancel(final long size)
    {
        table.add(slot, writtenField, -size);
    }

    /** The reader consumed a message of {@code size} bytes. Reading side, one thread at a time. */
    public void consumed(final long size)
    {
        table.addSingleWriter(slot, readField, size); // release: the sender may reuse the room once it sees this
    }

    /** @return the bytes written and not yet read, as both sides see them now. */
    public long used()
    {
        final long read = table.counter(slot, readField);
        return Math.max(0, table.counter(slot, writtenField) - read);
    }

    /** @return the limit, in bytes. */
    public long limit()
    {
        return limit;
    }
}

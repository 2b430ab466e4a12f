package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.idle.Doorbell;
import io.tandem.internal.sharedfile.MappedRegion;
import io.tandem.internal.sharedfile.SharedFile;
import io.tandem.internal.sharedfile.SharedFileException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.tandem.internal.runtime.ProcessTableDescriptor.*;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * A session's process table (layout: {@link ProcessTableDescriptor}): slots with each process's state and
 * counters, and the doorbell bitmap a backend rings after writing a reply. Any process of the session may
 * map it; slots are claimed by compare-and-set, so frontends in several JVMs of one session do not clash.
 * Made and found through the shared-file layer ({@link SharedFile}); its mapping is released when the buffer is
 * collected (unmapping by hand would crash a thread still using it).
 */
public final class ProcessTable
{
    /** File name in the session directory. */
    public static final String FILE = "processes";

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** The slot's values a claim zeroes. */
    private static final int[] COUNTERS = {COMMANDS_SENT_OFFSET, REPLIES_READ_OFFSET, PID_OFFSET, COMMANDS_RUN_OFFSET,
        REPLIES_SENT_OFFSET, COMMAND_BYTES_WRITTEN_OFFSET, REPLY_BYTES_READ_OFFSET, COMMAND_BACKLOG_LIMIT_OFFSET,
        REPLY_BACKLOG_LIMIT_OFFSET, COMMAND_BYTES_READ_OFFSET, REPLY_BYTES_WRITTEN_OFFSET};
    /** How long an open waits for a table another JVM is creating this instant. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(1);

    private static final String REMEDY = "The session's processes cannot be tracked with it: stop the session's " +
        "frontend (its backends follow within a second) and remove the session directory, or run 'tandem clean'";

    private final MappedByteBuffer buffer;
    private final int capacity;
    private final long address;
    private final Doorbell pollBell;

    private ProcessTable(final SharedFile file, final int capacity)
    {
        this.buffer = file.region().buffer();
        this.capacity = capacity;
        this.address = file.address();
        this.pollBell = Doorbell.at(address + POLL_BELL_OFFSET);
    }

    /**
     * @return the table of the session in {@code sessionDir}, created if missing (with every page allocated: a
     * full tmpfs fails here, naming the file, not later as a SIGBUS).
     */
    public static ProcessTable openOrCreate(final Path sessionDir)
    {
        final Path file = sessionDir.resolve(FILE);
        if (Files.isRegularFile(file))
        {
            // The usual case for a backend: its frontend made the table. Attaching spares writing (and freeing) a
            // temporary table of zeros only to find the name taken (megabytes of page clearing at every start).
            return open(file);
        }
        try
        {
            return new ProcessTable(SharedFile.createAtomically(file, MAGIC, LAYOUT_VERSION, fileLength(CAPACITY),
                MappedRegion.Unmap.WHEN_COLLECTED, address -> MEMORY.writeInt(address + CAPACITY_OFFSET, CAPACITY)), CAPACITY);
        }
        catch (final FileAlreadyExistsException ex)
        {
            return open(file);
        }
        catch (final SharedFileException ex)
        {
            throw ex.kind() == SharedFileException.Kind.NO_SPACE ? FileSpace.full(ex) :
                new RuntimeDirectoryException(file, "cannot create it (" + ex.problem() + ")",
                    "Check that the file system has room and the directory is writable", ex);
        }
    }

    /** @return the existing table at {@code file}, e.g. for {@code tandem ps}. */
    public static ProcessTable open(final Path file)
    {
        final SharedFile shared;
        try
        {
            shared = SharedFile.attach(file, MAGIC, LAYOUT_VERSION, OPEN_TIMEOUT, MappedRegion.Unmap.WHEN_COLLECTED);
        }
        catch (final SharedFileException ex)
        {
            switch (ex.kind())
            {
                case TRUNCATED:
                    throw new RuntimeDirectoryException(file, ex.problem(), REMEDY, ex);
                case IO:
                    throw new RuntimeDirectoryException(file, "cannot open the process table (" + ex.problem() + ")",
                        "Check that it exists and belongs to this user", ex);
                default:
                    throw new RuntimeDirectoryException(file, "is not a process table of layout version " + LAYOUT_VERSION +
                        " (" + ex.problem() + ": corrupted, or written by another program)", REMEDY, ex);
            }
        }
        // A corrupted capacity would fail later on a slot past the mapping's end with an IndexOutOfBoundsException
        // naming nothing: refuse it here, naming the file.
        final int capacity = MEMORY.readInt(shared.address() + CAPACITY_OFFSET);
        if (capacity < 1 || capacity > CAPACITY)
        {
            throw new RuntimeDirectoryException(file, "is corrupted: its header says " + capacity + " slots (1 to " +
                CAPACITY + " allowed)", REMEDY);
        }
        if (shared.fileLength() < fileLength(capacity))
        {
            throw new RuntimeDirectoryException(file, "is truncated: its header says " + shared.fileLength() + " bytes, but " +
                capacity + " slots need " + fileLength(capacity), REMEDY);
        }
        return new ProcessTable(shared, capacity);
    }

    public int capacity()
    {
        return capacity;
    }

    /**
     * Claims a free slot for a starting process.
     *
     * @throws IllegalStateException if all {@link #capacity()} slots are in use.
     */
    public int claim()
    {
        for (int slot = 0; slot < capacity; slot++)
        {
            final int offset = slotOffset(slot);
            if ((int)INTS.getVolatile(buffer, offset + STATE_OFFSET) == FREE &&
                INTS.compareAndSet(buffer, offset + STATE_OFFSET, FREE, STARTING))
            {
                reset(slot);
                return slot;
            }
        }
        throw new IllegalStateException("all " + capacity + " process slots of the session are in use");
    }

    /** Makes a slot this process holds fresh again, for a restart: counters zeroed, state starting. */
    public int reclaim(final int slot)
    {
        final int offset = slotOffset(slot);
        INTS.setRelease(buffer, offset + STATE_OFFSET, STARTING);
        reset(slot);
        return slot;
    }

    /** Frees a slot (the process closed). */
    public void free(final int slot)
    {
        clearReady(slot);
        INTS.setRelease(buffer, slotOffset(slot) + STATE_OFFSET, FREE); // release: the slot's last values are written
    }

    public void state(final int slot, final int state)
    {
        INTS.setRelease(buffer, slotOffset(slot) + STATE_OFFSET, state);
    }

    public int state(final int slot)
    {
        return (int)INTS.getAcquire(buffer, slotOffset(slot) + STATE_OFFSET);
    }

    public void exited(final int slot, final int exitCode)
    {
        INTS.setRelease(buffer, slotOffset(slot) + EXIT_CODE_OFFSET, exitCode);
        state(slot, EXITED);
    }

    public int exitCode(final int slot)
    {
        return (int)INTS.getAcquire(buffer, slotOffset(slot) + EXIT_CODE_OFFSET);
    }

    public void pid(final int slot, final long pid)
    {
        LONGS.setRelease(buffer, slotOffset(slot) + PID_OFFSET, pid);
    }

    public long pid(final int slot)
    {
        return (long)LONGS.getAcquire(buffer, slotOffset(slot) + PID_OFFSET);
    }

    public long startMillis(final int slot)
    {
        return (long)LONGS.getAcquire(buffer, slotOffset(slot) + START_MILLIS_OFFSET);
    }

    /**
     * Adds one to a counter written by several threads of one side (commands sent, replies sent); {@code field}
     * is one of the descriptor's counter offsets.
     */
    public void increment(final int slot, final int field)
    {
        LONGS.getAndAdd(buffer, slotOffset(slot) + field, 1L); // atomic: several threads of one side may add
    }

    /** Adds one to a counter only one thread writes at a time (commands run, replies read): no atomic needed. */
    public void incrementSingleWriter(final int slot, final int field)
    {
        final int offset = slotOffset(slot) + field;
        LONGS.setRelease(buffer, offset, (long)LONGS.get(buffer, offset) + 1); // release: readers see whole values in order
    }

    /** Adds {@code delta} to a counter written by several threads of one side. */
    public void add(final int slot, final int field, final long delta)
    {
        LONGS.getAndAdd(buffer, slotOffset(slot) + field, delta); // atomic: several threads of one side may add
    }

    /** Adds {@code delta} to a counter only one thread writes at a time. */
    public void addSingleWriter(final int slot, final int field, final long delta)
    {
        final int offset = slotOffset(slot) + field;
        LONGS.setRelease(buffer, offset, (long)LONGS.get(buffer, offset) + delta); // release: readers see whole values in order
    }

    /**
     * Sets a counter from {@code expected} to {@code value} if it holds {@code expected}: how senders on several
     * threads reserve room in a backlog without exceeding its limit.
     *
     * @return true if it was set.
     */
    public boolean compareAndSet(final int slot, final int field, final long expected, final long value)
    {
        return LONGS.compareAndSet(buffer, slotOffset(slot) + field, expected, value); // volatile: orders the reservation
    }

    /** Sets a value one side writes and the other reads (a backlog limit). */
    public void set(final int slot, final int field, final long value)
    {
        LONGS.setRelease(buffer, slotOffset(slot) + field, value); // release: pairs with the acquire in counter()
    }

    /** Marks whether the frontend still reads the slot's replies (a closing frontend does not). */
    public void frontendClosing(final int slot, final boolean closing)
    {
        INTS.setRelease(buffer, slotOffset(slot) + FRONTEND_CLOSING_OFFSET, closing ? 1 : 0); // release: pairs with the backend's acquire
    }

    /** @return true once the frontend no longer reads the slot's replies. */
    public boolean isFrontendClosing(final int slot)
    {
        return (int)INTS.getAcquire(buffer, slotOffset(slot) + FRONTEND_CLOSING_OFFSET) != 0;
    }

    /** @return a counter of a slot. */
    public long counter(final int slot, final int field)
    {
        return (long)LONGS.getAcquire(buffer, slotOffset(slot) + field);
    }

    /** @return the slot's command doorbell: its backend sleeps on it. */
    public Doorbell commandBell(final int slot)
    {
        return Doorbell.at(address + slotOffset(slot) + COMMAND_BELL_OFFSET);
    }

    /** @return the slot's reply doorbell: its frontend's waiters sleep on it. */
    public Doorbell replyBell(final int slot)
    {
        return Doorbell.at(address + slotOffset(slot) + REPLY_BELL_OFFSET);
    }

    /** @return the session's poll doorbell: pollers sleep on it. */
    public Doorbell pollBell()
    {
        return pollBell;
    }

    /** @return true if any slot among {@code mask} of bitmap word {@code word} has its "replies waiting" bit set. */
    public boolean anyRung(final int word, final long mask)
    {
        return ((long)LONGS.getVolatile(buffer, BITMAP_OFFSET + word * 8) & mask) != 0;
    }

    /** Rings slot's doorbell: replies are waiting. Backend side, after writing a reply. */
    public void ring(final int slot)
    {
        final int word = BITMAP_OFFSET + (slot >>> 6) * 8;
        final long bit = 1L << (slot & 63);
        if (((long)LONGS.getVolatile(buffer, word) & bit) == 0)
        {
            LONGS.getAndBitwiseOr(buffer, word, bit); // release: the reply is written before the bell rings
        }
    }

    /**
     * Takes the doorbells of the slots in {@code mask} among the 64 of bitmap word {@code word}: returns
     * those set and clears them, leaving other slots' bells for whoever watches them. A manager then reads
     * the replies of each slot returned.
     */
    public long takeRings(final int word, final long mask)
    {
        final int offset = BITMAP_OFFSET + word * 8;
        if (((long)LONGS.getVolatile(buffer, offset) & mask) == 0)
        {
            return 0; // the common case: read only, leave the line shared
        }
        return (long)LONGS.getAndBitwiseAnd(buffer, offset, ~mask) & mask; // acquire: the replies rung for are visible
    }

    private void reset(final int slot)
    {
        final int offset = slotOffset(slot);
        for (final int field : COUNTERS)
        {
            LONGS.setRelease(buffer, offset + field, 0L);
        }
        INTS.setRelease(buffer, offset + EXIT_CODE_OFFSET, 0);
        INTS.setRelease(buffer, offset + FRONTEND_CLOSING_OFFSET, 0);
        LONGS.getAndAdd(buffer, offset + GENERATION_OFFSET, 1L);
        LONGS.setRelease(buffer, offset + START_MILLIS_OFFSET, System.currentTimeMillis());
        clearReady(slot);
    }

    private void clearReady(final int slot)
    {
        LONGS.getAndBitwiseAnd(buffer, BITMAP_OFFSET + (slot >>> 6) * 8, ~(1L << (slot & 63)));
    }
}

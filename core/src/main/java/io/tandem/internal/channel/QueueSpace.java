package io.tandem.internal.channel;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.runtime.FileSpace;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.PrecreatedFiles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * The writing side of a process's queue: opens it, and keeps every page its writer is about to touch backed
 * by the file system before it is touched, so a full tmpfs is an exception in the writer
 * ({@link RuntimeDirectoryException} naming the file) and never a SIGBUS in either process. Its methods run
 * with the sender's message already encoded, so its size is known.
 *
 * <p>Where Chronicle writes, and how each is backed:
 * <ul>
 *   <li>{@code metadata.cq4t}, written when the queue is opened: made by {@link #backMetadata} before that,
 *       its pages allocated;</li>
 *   <li>a new cycle file's header and index, written when an appender rolls into the cycle: the file is
 *       pre-created under Chronicle's {@code .precreated} name, its first pages allocated, for the current
 *       cycle and, in its last tenth (at most a second), the next one; Chronicle renames it into place when
 *       it creates the cycle (and such a file is invisible to readers, who list {@code .cq4} files only). A
 *       cycle file that exists already has its first pages allocated in place instead. The
 *       check rides on the queue's own clock: this object is the queue's {@link TimeProvider}, so the time
 *       Chronicle reads to decide the cycle, just before it would create the file, is the time checked, and
 *       a send costs no clock read of its own;</li>
 *   <li>a message, with the index Chronicle may append after it and the next header: once the document is
 *       open (Chronicle's write lock held, the position known) and before the message is copied in, the
 *       range from the message to {@code size + indexReserve} past it is filled with zeros
 *       ({@link #reserve}), in steps growing from {@value #FIRST_STEP} to {@value #MAX_STEP} bytes. Such a range always lies within the file:
 *       Chronicle maps (and sizes the file for) a whole block plus its overlap ahead of the block it writes
 *       in, and a message with its reserve never exceeds the overlap.</li>
 * </ul>
 * Readers touch only what the writer wrote or reserved (the header after the last message included).
 */
final class QueueSpace implements TimeProvider
{
    /** The first reservation in a file; each next one doubles, up to {@link #MAX_STEP}. */
    static final long FIRST_STEP = 32 << 10;
    /** The largest step: one system call per MiB of traffic. */
    static final long MAX_STEP = 1 << 20;
    /** The table store: Chronicle maps 64 KiB + 64 KiB of it... */
    static final long METADATA_LENGTH = 128 << 10;
    /** ...and writes a few hundred bytes of entries at its start. */
    static final long METADATA_BACKED = 16 << 10;
    static final String METADATA_FILE = "metadata.cq4t";

    private final TimeProvider clock;
    private final long indexReserve;
    private final long precreateBytes;
    private final long cycleMillis;
    private final SingleChronicleQueue queue;
    private final RollingResourcesCache names;
    /** Pre-created files this writer made, oldest first, so those never used can be removed. Under the lock. */
    private final ArrayDeque<Precreated> precreated = new ArrayDeque<>();
    /** The cycle whose file is prepared. Under this object's lock. */
    private int preparedCycle = Integer.MIN_VALUE;
    /**
     * When the clock next has something to do, ms: {@link Long#MIN_VALUE} at once, {@link Long#MAX_VALUE} never
     * (while the queue opens, once it is closed). Volatile: every clock read reads it without the lock.
     */
    private volatile long checkAfter = Long.MAX_VALUE;
    /** The backed range of the file written last (volatile: read unlocked on every send, replaced whole). */
    private volatile Reserved reserved;

    private QueueSpace(final Path dir, final String rollCycle, final long blockSize, final TimeProvider clock,
        final long indexReserve)
    {
        this.clock = clock == null ? SystemTimeProvider.CLOCK : clock;
        this.indexReserve = indexReserve;
        final RollCycle cycle = QueueRollCycles.forName(rollCycle);
        this.cycleMillis = cycle.lengthInMillis();
        // a cycle file's header, its index-of-indexes and its first index array, then the first header
        this.precreateBytes = 16 * 1024 + 2L * cycle.defaultIndexCount() * 8;
        this.queue = Queues.open(dir, rollCycle, blockSize, this, false); // may read the clock: checkAfter is not due
        final File queueDir = queue.file();
        this.names = new RollingResourcesCache(queue.rollCycle(), queue.epoch(),
            name -> new File(queueDir, name + SingleChronicleQueue.SUFFIX), file -> file.getName());
        this.checkAfter = Long.MIN_VALUE; // from here on the first clock read prepares the current cycle
    }

    /**
     * Opens the queue in {@code dir} for writing.
     *
     * @param clock        the clock deciding the cycle (tests inject one), null for the system clock.
     * @param indexReserve room kept beyond each message: Chronicle may write an index array there, then the
     *                     next header (see {@code ProcessOptions.indexReserveBytes()}).
     */
    static QueueSpace open(final Path dir, final String rollCycle, final long blockSize, final TimeProvider clock,
        final long indexReserve)
    {
        return new QueueSpace(dir, rollCycle, blockSize, clock, indexReserve);
    }

    /** @return the queue. */
    SingleChronicleQueue queue()
    {
        return queue;
    }

    /**
     * Makes a queue directory's {@code metadata.cq4t} with its pages allocated, unless it exists. Call before
     * Chronicle opens the queue there (either side: whoever comes first makes it).
     */
    static void backMetadata(final Path queueDir)
    {
        FileSpace.createAllocated(queueDir.resolve(METADATA_FILE), METADATA_LENGTH, METADATA_BACKED);
    }

    /**
     * The queue's clock. Chronicle reads it to decide the cycle of each message before it writes, and creates
     * a cycle's file when it first writes in it: the file Chronicle would create for the time read is backed
     * before this returns it.
     *
     * @throws RuntimeDirectoryException if the file system has no room for it (the message is not written).
     */
    @Override
    public long currentTimeMillis()
    {
        final long now = clock.currentTimeMillis();
        // A plain comparison, not the wrap-safe "now - checkAfter >= 0" of nanosecond clocks: milliseconds since
        // the epoch do not wrap, and the subtraction overflows for Long.MIN_VALUE ("at once"), which left every
        // check never due and every cycle file for Chronicle to create itself, unbacked.
        if (now >= checkAfter)
        {
            prepare(now);
        }
        return now;
    }

    private synchronized void prepare(final long now)
    {
        final int cycle = (int)((now - queue.epoch()) / cycleMillis); // as Chronicle's cycle calculator computes it
        if (cycle != preparedCycle)
        {
            precreate(cycle);
            // Files made for cycles before the last one were never used (no message in their cycle): give back
            // their pages. The last one's stays, in case another thread is creating that cycle this instant.
            while (!precreated.isEmpty() && precreated.peekFirst().cycle < cycle - 1)
            {
                precreated.pollFirst().delete();
            }
            preparedCycle = cycle;
        }
        final long nextCycleStarts = queue.epoch() + (cycle + 1L) * cycleMillis;
        final long lead = Math.min(1000, cycleMillis / 10);
        if (now >= nextCycleStarts - lead)
        {
            precreate(cycle + 1);
            checkAfter = nextCycleStarts;
        }
        else
        {
            checkAfter = nextCycleStarts - lead;
        }
    }

    /**
     * Makes sure the file of {@code cycle} has its first pages before Chronicle writes its header there: the
     * file system is asked each time (once per cycle), not a list of what was made, so a pre-created file
     * removed meanwhile is made again.
     */
    private void precreate(final int cycle)
    {
        final File cycleFile = names.resourceFor(cycle).path;
        if (cycleFile.exists())
        {
            // Chronicle made it already (another thread rolled first, or a writer before this one): it acquires
            // it as it is, with no rename, and writes its header there; allocating holes in place keeps its data.
            FileSpace.allocateInPlace(cycleFile.toPath(), precreateBytes);
            return;
        }
        final Path file = PrecreatedFiles.preCreatedFile(cycleFile).toPath();
        FileSpace.createAllocated(file, precreateBytes, precreateBytes); // false if it is there already
        for (final Precreated p : precreated)
        {
            if (p.cycle == cycle)
            {
                return;
            }
        }
        precreated.addLast(new Precreated(cycle, file));
    }

    /**
     * With a document open: backs the range a message of {@code size} bytes, starting where the document's
     * bytes are positioned, may touch with what follows it.
     *
     * @throws RuntimeDirectoryException if the file system is full.
     */
    void reserve(final Bytes<?> documentBytes, final long size)
    {
        if (!(documentBytes instanceof MappedBytes))
        {
            throw new IllegalStateException("a queue document is not mapped (" + documentBytes.getClass().getName() +
                "): Tandem's queues are written straight into their files");
        }
        final MappedFile file = ((MappedBytes)documentBytes).mappedFile();
        final long start = documentBytes.writePosition();
        final long end = start + size + indexReserve;
        final Reserved r = reserved;
        if (r != null && r.file == file && end <= r.end)
        {
            return;
        }
        reserveSlow(file, start, end);
    }

    private synchronized void reserveSlow(final MappedFile file, final long start, final long end)
    {
        Reserved r = reserved;
        if (r == null || r.file != file)
        {
            if (r != null)
            {
                r.releaseHeader(); // the writer has left that file: its page must not keep it on tmpfs
            }
            // a new file: nothing from here on is written yet; its header is whole (Chronicle has just read it)
            r = new Reserved(file, start, FIRST_STEP, QueueDamage.Header.map(file.file().toPath()));
        }
        if (end <= r.end)
        {
            reserved = r;
            return;
        }
        final Path path = file.file().toPath();
        final long length;
        try
        {
            length = file.raf().length();
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(path, "cannot be read (" + ex.getMessage() + ")",
                "Check the file system under the session directory", ex);
        }
        final long from = Math.max(r.end, start);
        final long to = Math.min(length, Math.max(end, from + r.step));
        if (to < end)
        {
            throw new IllegalStateException(path + " is " + length + " bytes, a message needs it backed up to " + end +
                ": the largest message is bounded by the queue block size (see ProcessOptions.maxMessageBytes())");
        }
        FileSpace.fill(file.raf().getChannel(), path, from, to);
        reserved = new Reserved(file, to, Math.min(MAX_STEP, 2 * r.step), r.header);
    }

    /**
     * @return what is wrong with the header of the cycle file written last, if another program damaged it since
     * (see {@link QueueDamage}), as {@code [file, what]}; null if it is as it was (or no file is written yet).
     */
    String[] headerDamage()
    {
        final Reserved r = reserved;
        final QueueDamage.Header header = r == null ? null : r.header;
        if (header == null)
        {
            return null;
        }
        final String what = header.damage();
        return what == null ? null : new String[] {header.file().toString(), what};
    }

    /** Closes the queue and removes the pre-created files this writer made that Chronicle has not used. */
    synchronized void close()
    {
        checkAfter = Long.MAX_VALUE;
        final Reserved r = reserved;
        if (r != null)
        {
            r.releaseHeader();
        }
        queue.close();
        while (!precreated.isEmpty())
        {
            precreated.pollFirst().delete();
        }
        reserved = null;
    }

    /** The backed range of one file: everything before {@code end} that this writer may touch. */
    private static final class Reserved
    {
        final MappedFile file;
        final long end;
        final long step;
        /** Its header as it was, to see whether another program damaged it; null if it could not be mapped. */
        final QueueDamage.Header header;

        Reserved(final MappedFile file, final long end, final long step, final QueueDamage.Header header)
        {
            this.file = file;
            this.end = end;
            this.step = step;
            this.header = header;
        }

        /** Unmaps the header's page, if it has one (see {@link QueueDamage.Header#release}). */
        void releaseHeader()
        {
            if (header != null)
            {
                header.release();
            }
        }
    }

    /** A pre-created cycle file; once Chronicle has renamed it into place, deleting it finds nothing. */
    private static final class Precreated
    {
        final int cycle;
        final Path file;

        Precreated(final int cycle, final Path file)
        {
            this.cycle = cycle;
            this.file = file;
        }

        void delete()
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ignored)
            {
                // the session directory goes with the session
            }
        }
    }
}

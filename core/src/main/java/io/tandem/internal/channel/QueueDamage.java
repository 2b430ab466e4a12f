package io.tandem.internal.channel;

import io.tandem.failure.Direction;
import io.tandem.failure.RuntimeDirectoryException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A queue cycle file ({@code .cq4}) damaged by another program while in use: its header overwritten (random
 * bytes, zeros) or the file cut short. Chronicle does not check for that: it reads its write position out of the
 * header and goes there. Garbage there is a negative position ({@code IORuntimeException}), or a huge one, for
 * which {@code ChunkedMappedFile.acquireByteStore} grows its list of chunks one {@code null} at a time until the
 * heap is gone ({@code OutOfMemoryError}, seconds later); zeros are position 0, so messages are written over the
 * header where no reader looks (lost, the call times out); a file cut short is a {@code SIGBUS} on the next
 * touch of a page past its end ({@code InternalError}), and a header read again from it names the class
 * {@code "SC"} (what is left of {@code !SCQStore} in 16 bytes: {@code ClassNotFoundException}).
 *
 * <p>So Tandem looks before Chronicle does: the writer compares the start of its cycle file's header with what
 * it was ({@link Header}, a few reads of a page of its own) before each message, and the paths that fail
 * (a send, a read, a wait for a reply that timed out) look at the files ({@link #inFiles}) and, if they are
 * damaged, fail with a {@link RuntimeDirectoryException} naming the file instead.
 */
public final class QueueDamage
{
    /** The start of a cycle file's header compared: its length word, {@code header: !SCQStore}, the write position's name. */
    static final int CHECKED_BYTES = 48;
    /** How long a file found damaged is given to become whole (a header being written) before it counts as damaged. */
    static final long RECHECK_NANOS = 100_000_000L;
    /** A cycle file shorter than this has lost its header's pages. */
    static final long MIN_FILE_BYTES = 4096;
    /** Chronicle Wire's type prefix with its length, then the class alias every cycle file's header has. */
    private static final byte[] STORE_TYPE = {(byte)0xB6, 8, 'S', 'C', 'Q', 'S', 't', 'o', 'r', 'e'};
    private static final int STORE_TYPE_OFFSET = 12;
    /** Where Chronicle's header names its write position, and where the position is (its array's first long). */
    private static final byte[] WRITE_POSITION_NAME = "writePosition".getBytes(StandardCharsets.US_ASCII);
    private static final int WRITE_POSITION_NAME_OFFSET = 0x1c;
    private static final int WRITE_POSITION = 0x40;
    /**
     * A write position past this is garbage: Chronicle would map the chunk there, first growing its list of chunks
     * to it one entry at a time ({@code OutOfMemoryError} for a random long).
     */
    static final long MAX_WRITE_POSITION = 1L << 40;
    /** A Wire header word: metadata, complete. */
    private static final int META_DATA = 0x4000_0000;
    private static final int NOT_COMPLETE = 0x8000_0000;

    private final Path file;
    private final String problem;
    private final String remedy;
    private final Throwable cause;

    private QueueDamage(final Path file, final String problem, final String remedy, final Throwable cause)
    {
        this.file = file;
        this.problem = problem;
        this.remedy = remedy;
        this.cause = cause;
    }

    /**
     * @param file     the damaged file (or its queue directory).
     * @param what     what is wrong with it, from {@link #inFiles} or {@link Header#damage()}.
     * @param failure  what Chronicle threw, or the wait that ended, if anything.
     * @return the damage of {@code process}'s queue going {@code direction}, which makes the same exception each time.
     */
    public static QueueDamage of(final Path file, final String what, final String process, final Direction direction,
        final Throwable failure)
    {
        return new QueueDamage(file, "the " + direction.noun() + " queue of process '" + process + "' is damaged: " +
            what + " (another program changed the file while it was in use); nothing more is sent on it",
            "Restart the process (restart() makes its queues anew); look for the program writing under " +
                file.getParent(), failure);
    }

    /** @return the exception each send (and the wait) fails with from now on: a new one each time, the same message. */
    public RuntimeDirectoryException exception()
    {
        return new RuntimeDirectoryException(file, problem, remedy, cause);
    }

    /**
     * Looks at the cycle files of a queue directory, from the file system (not a mapping: nothing here can fault).
     * For failure paths only: a file that looks damaged is looked at again {@value #RECHECK_NANOS} ns later.
     *
     * @return the first damaged file and what is wrong with it, {@code "<file>: <what>"} split as {@code [file, what]},
     * or null if every cycle file looks whole.
     */
    public static String[] inFiles(final Path queueDir)
    {
        try (Stream<Path> files = Files.list(queueDir))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted()::iterator)
            {
                if (damage(file) != null)
                {
                    // A file Chronicle has just created (another JVM rolling into a new cycle) is zeros until its
                    // header is written, microseconds later: only what is still wrong a moment later is damage.
                    java.util.concurrent.locks.LockSupport.parkNanos(RECHECK_NANOS);
                    final String what = damage(file);
                    if (what != null)
                    {
                        return new String[] {file.toString(), what};
                    }
                }
            }
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null; // the directory went (the queue closed): nothing to say about it
        }
    }

    private static String damage(final Path file)
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = ch.size();
            if (size < MIN_FILE_BYTES)
            {
                return "the file is cut short to " + size + " bytes";
            }
            final ByteBuffer head = ByteBuffer.allocate(CHECKED_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && ch.read(head, head.position()) > 0)
            {
                // read the whole start
            }
            return headerDamage(head.flip());
        }
        catch (final IOException ex)
        {
            return null; // deleted as its reader moved past it
        }
    }

    /** @return what is wrong with the start of a cycle file's header, or null if it is one. */
    static String headerDamage(final ByteBuffer head)
    {
        boolean zeros = true;
        for (int i = 0; i < head.limit(); i++)
        {
            zeros &= head.get(i) == 0;
        }
        if (zeros)
        {
            return "its header is zeros";
        }
        final int word = head.getInt(0);
        boolean store = (word & META_DATA) != 0 && (word & NOT_COMPLETE) == 0 && head.limit() >= STORE_TYPE_OFFSET + STORE_TYPE.length;
        for (int i = 0; store && i < STORE_TYPE.length; i++)
        {
            store = head.get(STORE_TYPE_OFFSET + i) == STORE_TYPE[i];
        }
        return store ? null : "its header is not a queue header (0x" + Integer.toHexString(word) + ", '" +
            printable(head) + "')";
    }

    private static String printable(final ByteBuffer head)
    {
        final byte[] bytes = new byte[Math.min(24, head.limit())];
        head.get(0, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".");
    }

    /**
     * The writer's view of its cycle file's header: the first page mapped read-only, and the start of the header
     * as it was when mapped. A page of its own, so a file cut short under it reads zeros past the end instead of
     * faulting (the page still has its first 16 bytes), and reading it costs six loads on a line nobody writes.
     */
    static final class Header
    {
        /** Added to {@link #looks} by {@link #release()}: a negative count turns every later look away. */
        private static final int RELEASED = Integer.MIN_VALUE / 2;
        /** How long a release waits for the looks in progress before it leaves the page to the collector. */
        private static final long RELEASE_WAIT_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

        private final Path file;
        private final MappedByteBuffer page;
        /**
         * Looks at the page in progress, any sending thread; {@link #RELEASED} added once the writer has moved to the
         * next file. The page is unmapped only when no look is in progress, so none reads an unmapped page.
         */
        private final java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        private final long[] expected = new long[CHECKED_BYTES / Long.BYTES];
        /** The header has Chronicle's layout of this version: the write position is the long at {@link #WRITE_POSITION}. */
        private final boolean knowsWritePosition;

        private Header(final Path file, final MappedByteBuffer page)
        {
            this.file = file;
            this.page = page;
            for (int i = 0; i < expected.length; i++)
            {
                expected[i] = page.getLong(i * Long.BYTES);
            }
            final byte[] name = new byte[WRITE_POSITION_NAME.length];
            page.get(WRITE_POSITION_NAME_OFFSET, name);
            final long position = page.getLong(WRITE_POSITION);
            knowsWritePosition = java.util.Arrays.equals(name, WRITE_POSITION_NAME) && position > 0 &&
                position < MAX_WRITE_POSITION;
        }

        /** @return the header of {@code file}, or null if it cannot be mapped or is not a cycle file's header now. */
        static Header map(final Path file)
        {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
            {
                if (ch.size() < MIN_FILE_BYTES)
                {
                    return null;
                }
                final MappedByteBuffer page = ch.map(FileChannel.MapMode.READ_ONLY, 0, MIN_FILE_BYTES);
                page.order(ByteOrder.LITTLE_ENDIAN);
                return headerDamage(page.slice(0, CHECKED_BYTES).order(ByteOrder.LITTLE_ENDIAN)) == null ?
                    new Header(file, page) : null;
            }
            catch (final IOException | RuntimeException ex)
            {
                return null; // no check for this file; a failing send still looks at the files
            }
        }

        Path file()
        {
            return file;
        }

        /**
         * Unmaps the page, once the writer has moved on to the next cycle file: a mapping keeps a deleted file's
         * pages on tmpfs, so a page left for the garbage collector to unmap kept every passed cycle file (about 100
         * MiB each at 10 MB/s) on tmpfs until a collection, beyond the stated bound. Waits for the looks in progress
         * (a few loads each; at most 100 ms); later looks find nothing to check. Once only.
         */
        void release()
        {
            if (looks.getAndAdd(RELEASED) < 0)
            {
                return; // released already
            }
            // A look in progress takes nanoseconds. One whose read faulted (a file cut short) may be left counted: the
            // fault arrives late, perhaps before its count is given back. Then the page is left to the collector, as
            // it was before: never unmapped under a reader, and never a close that waits for ever.
            final long deadline = System.nanoTime() + RELEASE_WAIT_NANOS;
            while (looks.get() != RELEASED)
            {
                if (System.nanoTime() - deadline >= 0)
                {
                    return;
                }
                Thread.onSpinWait();
            }
            net.openhft.chronicle.core.UnsafeMemory.UNSAFE.invokeCleaner(page);
        }

        /** @return what is wrong with the header now, or null if it is as it was (or its page was released). */
        String damage()
        {
            if (looks.incrementAndGet() < 0)
            {
                looks.decrementAndGet();
                return null; // the writer has moved on: this file is no longer written
            }
            try
            {
                for (int i = 0; i < expected.length; i++)
                {
                    if (page.getLong(i * Long.BYTES) != expected[i])
                    {
                        final String what = QueueDamage.damage(file);
                        return what != null ? what : "its header changed";
                    }
                }
                if (knowsWritePosition)
                {
                    final long position = page.getLong(WRITE_POSITION);
                    if (position <= 0 || position >= MAX_WRITE_POSITION)
                    {
                        return "its header's write position is garbage (" + position + ")";
                    }
                }
                return null;
            }
            catch (final InternalError fault)
            {
                return "the file is cut short (" + fault.getMessage() + ")"; // cut to 0 bytes: the page is gone
            }
            finally
            {
                looks.decrementAndGet();
            }
        }
    }
}

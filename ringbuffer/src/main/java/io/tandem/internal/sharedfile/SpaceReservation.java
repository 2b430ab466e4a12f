package io.tandem.internal.sharedfile;

import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives files their pages before anyone touches them through a mapping: the one way Tandem reserves space.
 *
 * <p>On tmpfs a page is taken at first touch; touching one through a mapping when the file system is full raises
 * SIGBUS, which kills the JVM (Java reports it as an {@code InternalError} "a fault occurred in an unsafe memory
 * access"). A page given by a system call instead ({@code write} or {@code fallocate}) fails with ENOSPC, which
 * becomes a {@link SharedFileException} of kind {@link SharedFileException.Kind#NO_SPACE} here, naming the path.
 *
 * <ul>
 *   <li>{@link #reserve} sizes a new file with every page allocated;</li>
 *   <li>{@link #fill} backs a range inside an existing file by writing zeros into it (only ranges nobody has
 *       written yet);</li>
 *   <li>{@link #reserveInPlace} backs the start of an existing file that may already hold data with
 *       {@code fallocate}, which keeps the data.</li>
 * </ul>
 *
 * <p>Large reservations use {@code fallocate(2)} (through OpenHFT's posix binding, on the class path with
 * Chronicle): tmpfs then allocates zeroed pages without a copy. Small ones write zeros, which costs less than
 * loading the native binding: a backend never loads it just to start.
 */
public final class SpaceReservation
{
    private static final Logger LOG = LoggerFactory.getLogger(SpaceReservation.class);
    /** Below this, writing zeros costs less than loading the native binding the first time. */
    private static final long FALLOCATE_THRESHOLD = 16L << 20;
    private static final int ZERO_CHUNK = 1 << 20;
    /** Read-only zeros, duplicated per use: never written, so any thread may share them. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();
    private static final int ENOSPC = 28;
    private static volatile boolean fallocateBroken;

    private SpaceReservation()
    {
    }

    /**
     * Makes {@code file} {@code length} bytes long with every page allocated.
     *
     * @param path the name to report (the final name, when {@code file} is a temporary one).
     * @throws SharedFileException (NO_SPACE) if the file system is full or the file cannot be written.
     */
    public static void reserve(final RandomAccessFile file, final Path path, final long length)
    {
        try
        {
            if (length >= FALLOCATE_THRESHOLD && fallocate(file, path, length))
            {
                return;
            }
            writeZeros(file.getChannel(), 0, length);
        }
        catch (final IOException ex)
        {
            throw full(path, length, ex.getMessage(), ex);
        }
    }

    /**
     * Backs bytes {@code [from, to)} of an open file by writing zeros there. The range must lie inside the file (the
     * length does not change, so nothing races with another process growing it) and must not hold data yet.
     *
     * @throws SharedFileException (NO_SPACE) if the file system is full (the range is then partly backed at most,
     *                             which is harmless: the caller writes nothing there).
     */
    public static void fill(final FileChannel channel, final Path path, final long from, final long to)
    {
        try
        {
            writeZeros(channel, from, to);
        }
        catch (final IOException ex)
        {
            throw full(path, to - from, ex.getMessage(), ex);
        }
    }

    /**
     * Gives the first {@code length} bytes of an existing file their pages without changing what they hold.
     * {@code fallocate(2)} (mode 0) allocates the holes and keeps the data, growing a shorter file to {@code length}.
     * Where it is not available, an empty file is given zeros and a longer one is left as it is (zeros would
     * overwrite its data). Nothing is done if the file does not exist.
     *
     * @throws SharedFileException (NO_SPACE) if the file system is full or the file cannot be written.
     */
    public static void reserveInPlace(final Path path, final long length)
    {
        if (!Files.exists(path))
        {
            return;
        }
        // Opening "rw" would create a file removed since the check: it would then be empty, and is backed below
        // like any empty file.
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            if (fallocate(file, path, length))
            {
                return;
            }
            if (file.length() == 0)
            {
                writeZeros(file.getChannel(), 0, length);
            }
            else
            {
                LOG.debug("{} may have holes a mapping would fault on: fallocate is not available here", path);
            }
        }
        catch (final IOException ex)
        {
            throw full(path, length, ex.getMessage(), ex);
        }
    }

    /** @return e.g. {@code 16 MiB}: how the messages here give sizes. */
    public static String describe(final long bytes)
    {
        return bytes >= (1 << 20) ? (bytes >> 20) + " MiB" : bytes >= (1 << 10) ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    /** @return true if fallocate gave the file its pages, false if it is not available here. */
    private static boolean fallocate(final RandomAccessFile file, final Path path, final long length) throws IOException
    {
        if (fallocateBroken)
        {
            return false;
        }
        final int rc;
        final int errno;
        try
        {
            final PosixAPI posix = PosixAPI.posix();
            rc = posix.fallocate(descriptor(file.getFD()), 0, 0, length);
            errno = rc == 0 ? 0 : posix.lastError();
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            fallocateBroken = true;
            LOG.debug("fallocate is not available ({}); files are allocated by writing zeros", ex.toString());
            return false;
        }
        if (rc == 0)
        {
            // a no-op binding (no native library) returns 0 without doing anything: believe the file length only
            return file.length() >= length;
        }
        // The binding's errno is not reliable: it tries fallocate64, fallocate, then posix_fallocate under a file
        // lock, and those calls overwrite it. A file system with less room than asked for is taken as full.
        if (errno == ENOSPC || freeBytes(path) < length)
        {
            throw full(path, length, "fallocate: no space left on device", null);
        }
        fallocateBroken = true; // EOPNOTSUPP and the like: this file system wants zeros
        LOG.debug("fallocate failed with errno {} on {}; writing zeros instead", errno, path);
        return false;
    }

    /** @return the bytes still free on the file system holding {@code path}, or Long.MAX_VALUE if unknown. */
    private static long freeBytes(final Path path)
    {
        try
        {
            final Path existing = Files.exists(path) ? path : path.toAbsolutePath().getParent();
            return Files.getFileStore(existing).getUsableSpace();
        }
        catch (final IOException | RuntimeException ex)
        {
            return Long.MAX_VALUE;
        }
    }

    private static void writeZeros(final FileChannel channel, final long from, final long to) throws IOException
    {
        final ByteBuffer zeros = ZEROS.duplicate();
        long position = from;
        while (position < to)
        {
            zeros.clear().limit((int)Math.min(ZERO_CHUNK, to - position));
            while (zeros.hasRemaining())
            {
                position += channel.write(zeros, position);
            }
        }
    }

    private static int descriptor(final FileDescriptor fd) throws ReflectiveOperationException
    {
        final Field field = FileDescriptor.class.getDeclaredField("fd"); // java.base/java.io is opened by Tandem's JVM flags
        field.setAccessible(true);
        return field.getInt(fd);
    }

    private static SharedFileException full(final Path path, final long length, final String why, final Throwable cause)
    {
        return new SharedFileException(path, SharedFileException.Kind.NO_SPACE, "cannot be given " + describe(length) +
            " (" + why + ")", cause);
    }
}

package io.tandem.memory;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.runtime.RuntimeRoot;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Gives a new file its pages before anyone maps it. On tmpfs a page is taken at first touch; touching one
 * through a mapping when the file system is full raises SIGBUS, which kills the JVM. Allocating every page up
 * front turns "full" into an exception here, at creation, naming the path.
 *
 * <p>Large files use {@code fallocate(2)} (through OpenHFT's posix binding, already on the class path with
 * Chronicle Map): tmpfs allocates zeroed pages without a copy, about five times faster than writing zeros on
 * this kind of machine. Small files, and systems without the binding or the call, get zeros written.
 */
final class FileSpace
{
    private static final Logger LOG = LoggerFactory.getLogger(FileSpace.class);
    /** Below this, writing zeros costs less than loading the native binding the first time. */
    private static final long FALLOCATE_THRESHOLD = 16L << 20;
    private static final int ZERO_CHUNK = 1 << 20;
    private static final int ENOSPC = 28;
    private static volatile boolean fallocateBroken;

    private FileSpace()
    {
    }

    /**
     * Checks the file system has room for {@code length} bytes beyond what running processes need
     * ({@link RuntimeRoot#minFreeBytes()}).
     *
     * @throws RuntimeDirectoryException if not.
     */
    static void checkRoom(final Path dir, final long length)
    {
        RuntimeRoot.checkFreeSpace(dir, saturatedAdd(length, RuntimeRoot.minFreeBytes()));
    }

    /**
     * Makes {@code file} {@code length} bytes long with every page allocated.
     *
     * @throws RuntimeDirectoryException if the file system is full or the file cannot be written.
     */
    static void allocate(final RandomAccessFile file, final Path path, final long length)
    {
        try
        {
            if (length >= FALLOCATE_THRESHOLD && fallocate(file, path, length))
            {
                return;
            }
            writeZeros(file.getChannel(), length);
        }
        catch (final IOException ex)
        {
            throw full(path, length, ex.getMessage(), ex);
        }
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
            LOG.debug("fallocate is not available ({}); shared arrays are allocated by writing zeros", ex.toString());
            return false;
        }
        if (rc == 0)
        {
            // a no-op binding (no native library) returns 0 without doing anything: believe the file length only
            return file.length() >= length;
        }
        if (errno == ENOSPC)
        {
            throw full(path, length, "fallocate: no space left on device", null);
        }
        fallocateBroken = true; // EOPNOTSUPP and the like: this file system wants zeros
        LOG.debug("fallocate failed with errno {} on {}; writing zeros instead", errno, path);
        return false;
    }

    private static void writeZeros(final FileChannel channel, final long length) throws IOException
    {
        final ByteBuffer zeros = ByteBuffer.allocateDirect((int)Math.min(ZERO_CHUNK, Math.max(1, length)));
        long position = 0;
        while (position < length)
        {
            zeros.clear().limit((int)Math.min(zeros.capacity(), length - position));
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

    private static RuntimeDirectoryException full(final Path path, final long length, final String why, final Throwable cause)
    {
        return new RuntimeDirectoryException(path, "cannot be given " + (length >> 20) + " MiB (" + why + ")",
            "Its file system is full: free space on it (stop other sessions; 'tandem clean' sweeps dead ones), enlarge " +
                "the tmpfs, create a smaller array, or start java with -D" + RuntimeRoot.ROOT_PROPERTY +
                "=<a directory with room>", cause);
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}

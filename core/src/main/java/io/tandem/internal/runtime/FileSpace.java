package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.sharedfile.SharedFileException;
import io.tandem.internal.sharedfile.SpaceReservation;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Space for the session's files, in the session's words: the reservation itself is the shared-file layer's
 * ({@link SpaceReservation}, the one way Tandem reserves space: fallocate, or zeros), and a full file system becomes
 * a {@link RuntimeDirectoryException} here, naming the path and the remedy (free space, 'tandem clean', or another
 * runtime root).
 *
 * <p>On tmpfs a page is taken at first touch; touching one through a mapping when the file system is full raises
 * SIGBUS, which kills the JVM. A page given by a system call instead fails with ENOSPC, which is reported here.
 *
 * <ul>
 *   <li>{@link #createAllocated} makes a whole new file under its final name atomically (a temporary name, then a
 *       link), so nobody sees a half-made one (a queue's metadata and cycle files, which Chronicle lays out);</li>
 *   <li>{@link #fill} backs a range inside an existing file by writing zeros into it (queue files, ahead of the
 *       writer). Only ranges nobody has written yet may be filled;</li>
 *   <li>{@link #allocateInPlace} backs the start of an existing file that may already hold data (a queue cycle file
 *       someone else made) with {@code fallocate}, which keeps the data.</li>
 * </ul>
 * Tandem's own shared files (process table, event groups, shared arrays, rings) are made by
 * {@code io.tandem.internal.sharedfile.SharedFile#createAtomically}, which reserves their space the same way.
 */
public final class FileSpace
{
    private static final AtomicLong TEMP_NAMES = new AtomicLong();

    private FileSpace()
    {
    }

    /**
     * Checks the file system has room for {@code length} bytes beyond what running processes need
     * ({@link RuntimeRoot#minFreeBytes()}).
     *
     * @throws RuntimeDirectoryException if not.
     */
    public static void checkRoom(final Path dir, final long length)
    {
        RuntimeRoot.checkFreeSpace(dir, saturatedAdd(length, RuntimeRoot.minFreeBytes()));
    }

    /**
     * Backs bytes {@code [from, to)} of an open file by writing zeros there. The range must lie inside the file
     * (the length does not change, so nothing races with another process growing it) and must not hold data
     * yet: this is for reserving ahead of a writer.
     *
     * @throws RuntimeDirectoryException if the file system is full (the range is then partly backed at most,
     *                                   which is harmless: the caller writes nothing there).
     */
    public static void fill(final FileChannel channel, final Path path, final long from, final long to)
    {
        try
        {
            SpaceReservation.fill(channel, path, from, to);
        }
        catch (final SharedFileException ex)
        {
            throw full(ex);
        }
    }

    /**
     * Creates {@code target}, {@code length} bytes of zeros whose first {@code backed} bytes have their pages
     * allocated, mode 0600, unless it exists. Made under a temporary name and linked into place, so nobody sees
     * it half made.
     *
     * @return true if this call created it, false if it existed.
     * @throws RuntimeDirectoryException if the file system is full or the directory cannot be written.
     */
    public static boolean createAllocated(final Path target, final long length, final long backed)
    {
        if (Files.exists(target))
        {
            return false;
        }
        final Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" +
            TEMP_NAMES.incrementAndGet());
        try
        {
            Files.createFile(temp, FileModes.fileAttribute());
            try (RandomAccessFile file = new RandomAccessFile(temp.toFile(), "rw"))
            {
                SpaceReservation.fill(file.getChannel(), target, 0, Math.min(backed, length));
                file.setLength(length);
            }
            Files.createLink(target, temp);
            return true;
        }
        catch (final FileAlreadyExistsException ex)
        {
            return false; // made by another process meanwhile: the same zeros
        }
        catch (final SharedFileException ex)
        {
            throw full(ex);
        }
        catch (final IOException ex)
        {
            throw full(target, backed, ex.getMessage(), ex);
        }
        finally
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException ignored)
            {
                // the session directory goes with the session
            }
        }
    }

    /**
     * Gives the first {@code length} bytes of an existing file their pages without changing what they hold: for
     * a file someone else made that a mapping is about to write into ({@link SpaceReservation#reserveInPlace}).
     * Nothing is done if the file does not exist.
     *
     * @throws RuntimeDirectoryException if the file system is full or the file cannot be written.
     */
    public static void allocateInPlace(final Path path, final long length)
    {
        try
        {
            SpaceReservation.reserveInPlace(path, length);
        }
        catch (final SharedFileException ex)
        {
            throw full(ex);
        }
    }

    /** @return the shared-file layer's refusal to reserve space, in the session's words. */
    public static RuntimeDirectoryException full(final SharedFileException ex)
    {
        return new RuntimeDirectoryException(ex.path(), ex.problem(), remedy(), ex);
    }

    private static RuntimeDirectoryException full(final Path path, final long length, final String why, final Throwable cause)
    {
        return new RuntimeDirectoryException(path, "cannot be given " + SpaceReservation.describe(length) + " (" + why + ")",
            remedy(), cause);
    }

    private static String remedy()
    {
        return "Its file system is full: free space on it (stop other sessions; 'tandem clean' sweeps dead ones), enlarge " +
            "the tmpfs, or start java with -D" + RuntimeRoot.ROOT_PROPERTY + "=<a directory with room>";
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}

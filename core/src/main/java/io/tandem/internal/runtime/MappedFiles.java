package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.failure.TandemException;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Maps the small shared files of a session (event groups, the process table) read-write. The mapping
 * outlives the channel; it is released when the buffer is collected (unmapping by hand would crash a
 * thread still using it).
 */
public final class MappedFiles
{
    private MappedFiles()
    {
    }

    /**
     * Creates {@code file} (0600, zero-filled, {@code length} bytes) and maps it.
     *
     * @throws FileAlreadyExistsException if it exists.
     * @throws RuntimeDirectoryException if it cannot be created.
     */
    public static MappedByteBuffer createNew(final Path file, final int length) throws FileAlreadyExistsException
    {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE), FileModes.fileAttribute()))
        {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(file, "cannot create it (" + ex + ")",
                "Check that the file system has room and the directory is writable", ex);
        }
    }

    /**
     * Maps an existing file whole.
     *
     * @param what what the file is, for messages ("event group").
     * @throws TandemException if it is missing or shorter than {@code minLength}.
     */
    public static MappedByteBuffer openExisting(final Path file, final int minLength, final String what)
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = ch.size();
            if (size < minLength)
            {
                throw new TandemException(file + " is not a " + what + ": " + size + " bytes");
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        catch (final NoSuchFileException ex)
        {
            throw new TandemException("no " + what + " at " + file + ": it was closed, or never created", ex);
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(file, "cannot open the " + what + " (" + ex + ")",
                "Check that it exists and belongs to this user", ex);
        }
    }
}

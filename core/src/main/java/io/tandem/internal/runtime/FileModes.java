package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only permissions for everything Tandem writes: directories 0700, files 0600.
 */
public final class FileModes
{
    /** rwx------ */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** rw------- */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_ATTRIBUTE =
        PosixFilePermissions.asFileAttribute(DIRECTORY);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
        PosixFilePermissions.asFileAttribute(FILE);

    private FileModes()
    {
    }

    /**
     * Creates a directory 0700 (the umask cannot widen it: permissions are set again after creation).
     *
     * @return true if it was created, false if it already existed.
     */
    public static boolean createDirectory(final Path dir)
    {
        try
        {
            Files.createDirectory(dir, DIRECTORY_ATTRIBUTE);
            Files.setPosixFilePermissions(dir, DIRECTORY);
            return true;
        }
        catch (final FileAlreadyExistsException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(dir, "cannot create directory (" + ex + ")",
                "Check that its parent exists, is writable by this user and that the file system has room", ex);
        }
    }

    /** Creates {@code dir} 0700 if it is missing; its parent must exist. */
    public static void ensureDirectory(final Path dir)
    {
        if (!createDirectory(dir) && !Files.isDirectory(dir))
        {
            throw new RuntimeDirectoryException(dir, "exists but is not a directory", "Remove it or choose another name");
        }
    }

    /** @return an attribute that creates a file 0600. */
    public static FileAttribute<Set<PosixFilePermission>> fileAttribute()
    {
        return FILE_ATTRIBUTE;
    }

    /** Sets 0600 on a file something else (Chronicle) created; a file already gone is ignored. */
    public static void restrictFile(final Path file)
    {
        try
        {
            Files.setPosixFilePermissions(file, FILE);
        }
        catch (final IOException ignored)
        {
            // gone already (deleted after a roll) or not ours: the 0700 directory still guards it
        }
    }
}

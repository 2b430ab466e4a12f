package io.tandem.internal.runtime;

import io.tandem.failure.RuntimeDirectoryException;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * The directory every Tandem session of this user lives under: {@code /dev/shm/tandem-<user>} unless the
 * system property {@value #ROOT_PROPERTY} names another (for machines without /dev/shm, or tests).
 * It must be a directory this user owns, mode 0700.
 */
public final class RuntimeRoot
{
    /** System property naming the root directory. */
    public static final String ROOT_PROPERTY = "tandem.root";
    /** System property: the least free space (bytes) the root's file system must have to start a process. */
    public static final String MIN_FREE_PROPERTY = "tandem.minFreeBytes";
    /** Default for {@value #MIN_FREE_PROPERTY}: room for a few queue blocks. */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;

    private RuntimeRoot()
    {
    }

    /** @return the configured root, not yet checked. */
    public static Path configured()
    {
        final String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank())
        {
            return Paths.get(property).toAbsolutePath();
        }
        return Paths.get("/dev/shm", "tandem-" + System.getProperty("user.name", "user"));
    }

    /**
     * Creates the root if missing and checks it is ours and private.
     *
     * @return the usable root.
     * @throws RuntimeDirectoryException naming the path and what to do.
     */
    public static Path ensure(final Path root)
    {
        final Path parent = root.getParent();
        if (parent == null || !Files.isDirectory(parent))
        {
            throw new RuntimeDirectoryException(parent == null ? root : parent, "does not exist",
                "Tandem keeps its queues and shared memory there; on a machine without /dev/shm start java with -D" +
                    ROOT_PROPERTY + "=<a directory on a tmpfs you own>");
        }
        FileModes.createDirectory(root);
        checkPrivate(root);
        return root;
    }

    /**
     * Checks that {@code dir} is a directory owned by this user with mode 0700.
     *
     * @throws RuntimeDirectoryException if it is not.
     */
    public static void checkPrivate(final Path dir)
    {
        final PosixFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(dir, "cannot be read (" + ex + ")",
                "Check that it exists and that this user may read it", ex);
        }
        if (!attributes.isDirectory())
        {
            throw new RuntimeDirectoryException(dir, "is not a directory" + (attributes.isSymbolicLink() ? " (a symbolic link)" : ""),
                "Remove it, or start java with -D" + ROOT_PROPERTY + "=<another directory>");
        }
        final String user = System.getProperty("user.name");
        final String owner = attributes.owner().getName();
        if (user != null && !user.equals(owner))
        {
            throw new RuntimeDirectoryException(dir, "is owned by '" + owner + "', not by '" + user + "'",
                "Another user's files are not shared: remove it (as " + owner + ") or start java with -D" + ROOT_PROPERTY +
                    "=<a directory you own>");
        }
        if (!attributes.permissions().equals(FileModes.DIRECTORY))
        {
            throw new RuntimeDirectoryException(dir, "has permissions " +
                java.nio.file.attribute.PosixFilePermissions.toString(attributes.permissions()) + " instead of rwx------",
                "Tandem's files are private to their owner: run 'chmod 700 " + dir + "' or remove the directory");
        }
    }

    /**
     * Checks that the file system under {@code dir} has room for {@code bytes} more.
     *
     * @throws RuntimeDirectoryException if it does not.
     */
    public static void checkFreeSpace(final Path dir, final long bytes)
    {
        final FileStore store;
        try
        {
            store = Files.getFileStore(dir);
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(dir, "cannot read its file system's free space (" + ex + ")",
                "Check that the directory exists", ex);
        }
        checkFreeSpace(store, dir, bytes);
    }

    /**
     * As {@link #checkFreeSpace(Path, long)}, with the file system of {@code dir} found already: finding it reads the
     * mount table, a statfs call asks for its free space (see {@link Session#checkFreeSpace}).
     *
     * @throws RuntimeDirectoryException if it does not have room.
     */
    public static void checkFreeSpace(final FileStore store, final Path dir, final long bytes)
    {
        final long usable;
        try
        {
            usable = store.getUsableSpace();
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(dir, "cannot read its file system's free space (" + ex + ")",
                "Check that the directory exists", ex);
        }
        if (usable < bytes)
        {
            throw new RuntimeDirectoryException(dir, "its file system has " + (usable >> 20) + " MiB free, " +
                (bytes >> 20) + " MiB are needed",
                "Free space on it (stop other sessions, 'tandem clean' sweeps dead ones), enlarge the tmpfs, or start " +
                    "java with -D" + ROOT_PROPERTY + "=<a directory with room>");
        }
    }

    /** @return the least free space a new process needs ({@value #MIN_FREE_PROPERTY}). */
    public static long minFreeBytes()
    {
        return Long.getLong(MIN_FREE_PROPERTY, DEFAULT_MIN_FREE_BYTES);
    }
}

package io.tandem.memory;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.sharedfile.MappedRegion;
import io.tandem.internal.sharedfile.SharedFile;
import io.tandem.internal.sharedfile.SharedFileException;
import io.tandem.internal.runtime.FileSpace;
import io.tandem.internal.runtime.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * One shared array file mapped into this process, through the shared-file layer ({@link SharedFile}): how it is
 * created (complete under a temporary name, then linked to its name, which fails if the name is taken), attached
 * (header checked against what the caller expects), unmapped and removed.
 */
final class ArrayFile
{
    private static final Logger LOG = LoggerFactory.getLogger(ArrayFile.class);
    private static final int CREATE_ATTEMPTS = 5;
    /** This process, as creators are recorded: looked up once (reading the start time costs ~100 us). */
    private static final SessionId SELF = SessionId.current();

    final Path path;
    final ArrayHeader header;
    final boolean owner;
    private final SharedFile file;

    private ArrayFile(final SharedFile file, final ArrayHeader header)
    {
        this.path = file.path();
        this.header = header;
        this.owner = file.isCreator();
        this.file = file;
    }

    /** @return the address of element 0. */
    long dataAddress()
    {
        return file.address() + header.dataOffset;
    }

    /**
     * Creates {@code path}; if the name is taken by a live array, attaches to it when {@code attachIfExists}
     * (checking type and shape), else fails. A file whose creator died is removed and made anew.
     */
    static ArrayFile create(final Path path, final String name, final ElementType type, final long[] shape,
        final boolean attachIfExists)
    {
        final ArrayHeader header = new ArrayHeader(type, shape, SELF.pid(), SELF.startMillis(), System.currentTimeMillis());
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++)
        {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
            {
                if (removeIfStale(path))
                {
                    continue;
                }
                if (attachIfExists)
                {
                    return attach(path, name, type, shape, Duration.ZERO);
                }
                throw new RuntimeDirectoryException(path, "shared array '" + name + "' already exists in this session (" +
                    describeExisting(path) + ")", "Attach to it (SharedArray.attach), ask for createOrAttach, or pick another name");
            }
            final ArrayFile created = tryCreate(path, header);
            if (created != null)
            {
                return created;
            }
        }
        throw new RuntimeDirectoryException(path, "was created and removed repeatedly by other processes while creating it",
            "Give each creator its own array name");
    }

    /**
     * Attaches to {@code path}, waiting up to {@code timeout} for it to appear.
     *
     * @param type  the expected element type, or null for any.
     * @param shape the expected shape, or null for any.
     */
    static ArrayFile attach(final Path path, final String name, final ElementType type, final long[] shape, final Duration timeout)
    {
        final SharedFile shared = open(path, name, timeout);
        try
        {
            final ArrayHeader header = ArrayHeader.parse(shared);
            if ((type != null && type != header.type) || (shape != null && !Arrays.equals(shape, header.shape)))
            {
                throw new SharedArrayMismatchException(name, path, ArrayHeader.describe(type, shape), header.describe());
            }
            return new ArrayFile(shared, header); // a client never removes the file
        }
        catch (final RuntimeException ex)
        {
            unmap(shared);
            throw ex;
        }
    }

    /** @return the new array, or null if another creator linked the name first. */
    private static ArrayFile tryCreate(final Path path, final ArrayHeader header)
    {
        FileSpace.checkRoom(path.getParent(), header.fileLength);
        final SharedFile shared;
        try
        {
            shared = SharedFile.createAtomically(path, SharedArrayDescriptor.MAGIC, SharedArrayDescriptor.LAYOUT_VERSION,
                header.fileLength, MappedRegion.Unmap.ON_CLOSE, header::write);
        }
        catch (final FileAlreadyExistsException ex)
        {
            return null;
        }
        catch (final SharedFileException ex)
        {
            if (ex.kind() == SharedFileException.Kind.NO_SPACE)
            {
                throw FileSpace.full(ex);
            }
            throw new RuntimeDirectoryException(path, "cannot be created (" + header.describe() + ", " + header.fileLength +
                " bytes): " + ex.problem(), "Check that the session directory is writable and its file system has room", ex);
        }
        return new ArrayFile(shared, header);
    }

    /** Maps {@code path} with its common header checked, waiting up to {@code timeout} for it to appear. */
    private static SharedFile open(final Path path, final String name, final Duration timeout)
    {
        try
        {
            return SharedFile.attach(path, SharedArrayDescriptor.MAGIC, SharedArrayDescriptor.LAYOUT_VERSION, timeout);
        }
        catch (final SharedFileException ex)
        {
            switch (ex.kind())
            {
                case MISSING:
                    throw new RuntimeDirectoryException(path, "no shared array named '" + name + "' exists in this session" +
                        (timeout.isZero() ? "" : " (waited " + timeout.toMillis() + " ms)"),
                        "Create it first (SharedArray.create, on either side), ask for createOrAttach, or give attach a " +
                            "timeout to wait for its creator", ex);
                case NOT_READY:
                    // zeros where the magic goes (a file some other program made, or wiped) read as "no magic yet"
                    throw ArrayHeader.notAnArray(path, (ex.problem().contains("magic number is 0") ? "has no magic yet" :
                        ex.problem()) + " (its creator has not finished, or died while creating it)");
                case WRONG_MAGIC:
                    throw ArrayHeader.notAnArray(path, "does not start with the shared array magic: it " + ex.problem());
                case WRONG_VERSION:
                    throw new RuntimeDirectoryException(path, "has shared array " + ex.problem(),
                        "Use the same Tandem version on both sides", ex);
                case TRUNCATED:
                    throw new RuntimeDirectoryException(path, ex.declaredLength() < 0 ? ex.problem() : "is " + ex.fileSize() +
                        " bytes long but its header (" + describeOnDisk(path) + ") needs " + ex.declaredLength(),
                        "It was truncated: remove it and create the array again", ex);
                case IO:
                    throw new RuntimeDirectoryException(path, ex.problem(), "Shared arrays are mode 0600, for the user who " +
                        "created them: attach as that user; check that the address space has room for it", ex);
                case CORRUPT:
                default:
                    throw ArrayHeader.notAnArray(path, ex.problem());
            }
        }
    }

    /**
     * Removes {@code path} if its creator died (a crash left it): nobody will remove it otherwise. Processes that
     * still map it keep their mapping; the name is free for a new array.
     *
     * @return true if the name is free now.
     */
    private static boolean removeIfStale(final Path path)
    {
        final Object key;
        final ArrayHeader header;
        final boolean creatorAlive;
        try (SharedFile shared = SharedFile.attach(path, SharedArrayDescriptor.MAGIC, SharedArrayDescriptor.LAYOUT_VERSION,
            Duration.ZERO))
        {
            key = SharedFile.fileKey(path);
            header = ArrayHeader.parse(shared);
            creatorAlive = shared.isCreatorAlive();
        }
        catch (final SharedFileException ex)
        {
            return ex.kind() == SharedFileException.Kind.MISSING;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false; // not ours to judge: the caller reports the name as taken
        }
        if (creatorAlive)
        {
            return false;
        }
        try
        {
            if (SharedFile.deleteIfUnchanged(path, key))
            {
                LOG.warn("removed shared array {} left by process {}, which is gone", path, header.creatorPid);
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot delete {}: {}", path, ex.toString());
        }
        return true;
    }

    /**
     * @return the type and shape a file's header states, read without mapping it (it may be truncated), or "an
     * unreadable header".
     */
    private static String describeOnDisk(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(SharedArrayDescriptor.HEADER_LENGTH).order(ByteOrder.nativeOrder());
            while (header.hasRemaining() && channel.read(header, header.position()) > 0)
            {
                // the whole header, or what the file has of it
            }
            final int rank = header.getInt(SharedArrayDescriptor.RANK_OFFSET);
            if (rank < 1 || rank > SharedArrayDescriptor.MAX_RANK)
            {
                return "an unreadable header";
            }
            final long[] shape = new long[rank];
            for (int axis = 0; axis < rank; axis++)
            {
                shape[axis] = header.getLong(SharedArrayDescriptor.dimOffset(axis));
            }
            return ArrayHeader.describe(ElementType.ofCode(header.getInt(SharedArrayDescriptor.ELEMENT_TYPE_OFFSET)), shape);
        }
        catch (final IOException | RuntimeException ex)
        {
            return "an unreadable header";
        }
    }

    private static String describeExisting(final Path path)
    {
        try (SharedFile shared = SharedFile.attach(path, SharedArrayDescriptor.MAGIC, SharedArrayDescriptor.LAYOUT_VERSION,
            Duration.ZERO))
        {
            final ArrayHeader header = ArrayHeader.parse(shared);
            return header.describe() + ", created by pid " + header.creatorPid;
        }
        catch (final RuntimeException ex)
        {
            return "not a usable shared array: " + ex.getMessage();
        }
    }

    /** Removes the file if this side created it and it is still the one this mapping came from. */
    void delete()
    {
        if (owner)
        {
            try
            {
                SharedFile.deleteIfUnchanged(path, file.fileKey());
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot delete {}: {}", path, ex.toString());
            }
        }
    }

    /** Unmaps; the address must not be used afterwards. */
    void unmap()
    {
        unmap(file);
    }

    private static void unmap(final SharedFile shared)
    {
        try
        {
            shared.close();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("cannot unmap shared array {}: {}", shared.path(), ex.toString());
        }
    }
}

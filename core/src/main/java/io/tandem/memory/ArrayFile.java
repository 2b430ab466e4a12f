package io.tandem.memory;

import io.tandem.failure.RuntimeDirectoryException;
import io.tandem.internal.runtime.FileModes;
import io.tandem.internal.runtime.FileSpace;
import io.tandem.internal.runtime.SessionId;
import net.openhft.chronicle.core.OS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * One shared array file mapped into this process: how it is created (complete under a temporary name, then
 * linked to its name, which fails if the name is taken), attached (header checked against what the caller
 * expects), unmapped and removed.
 */
final class ArrayFile
{
    private static final Logger LOG = LoggerFactory.getLogger(ArrayFile.class);
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final int CREATE_ATTEMPTS = 5;
    /** This process, as creators are recorded: looked up once (reading the start time costs ~100 us). */
    private static final SessionId SELF = SessionId.current();

    final Path path;
    final ArrayHeader header;
    final boolean owner;
    private final Object fileKey;
    private final long address;
    private final long mappedLength;

    private ArrayFile(final Path path, final ArrayHeader header, final boolean owner, final Object fileKey, final long address,
        final long mappedLength)
    {
        this.path = path;
        this.header = header;
        this.owner = owner;
        this.fileKey = fileKey;
        this.address = address;
        this.mappedLength = mappedLength;
    }

    /** @return the address of element 0. */
    long dataAddress()
    {
        return address + header.dataOffset;
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
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            try
            {
                return tryAttach(path, name, type, shape);
            }
            catch (final NoSuchFileException ex)
            {
                if (System.nanoTime() - deadline >= 0)
                {
                    throw new RuntimeDirectoryException(path, "no shared array named '" + name + "' exists in this session" +
                        (timeout.isZero() ? "" : " (waited " + timeout.toMillis() + " ms)"),
                        "Create it first (SharedArray.create, on either side), ask for createOrAttach, or give attach a " +
                            "timeout to wait for its creator");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** @return the new array, or null if another creator linked the name first. */
    private static ArrayFile tryCreate(final Path path, final ArrayHeader header)
    {
        final Path dir = path.getParent();
        FileSpace.checkRoom(dir, header.fileLength);
        // a name cannot start with '.', so the temporary file never collides with an array
        final Path temp = dir.resolve("." + path.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" +
            TEMP_COUNTER.incrementAndGet());
        long address = 0;
        long mapped = 0;
        try
        {
            Files.createFile(temp, FileModes.fileAttribute());
            try (RandomAccessFile file = new RandomAccessFile(temp.toFile(), "rw"))
            {
                FileSpace.allocate(file, path, header.fileLength);
                mapped = mappedLength(header.fileLength);
                address = OS.map(file.getChannel(), FileChannel.MapMode.READ_WRITE, 0, mapped, OS.pageSize());
            }
            header.write(address);
            try
            {
                Files.createLink(path, temp);
            }
            catch (final FileAlreadyExistsException ex)
            {
                unmap(path, address, mapped);
                return null;
            }
            final Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new ArrayFile(path, header, true, key, address, mapped);
        }
        catch (final IOException ex)
        {
            unmap(path, address, mapped);
            throw new RuntimeDirectoryException(path, "cannot be created (" + header.describe() + ", " + header.fileLength +
                " bytes): " + ex, "Check that the session directory is writable and its file system has room", ex);
        }
        catch (final RuntimeException | Error ex)
        {
            unmap(path, address, mapped);
            throw ex;
        }
        finally
        {
            deleteQuietly(temp);
        }
    }

    private static ArrayFile tryAttach(final Path path, final String name, final ElementType type, final long[] shape)
        throws NoSuchFileException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            final ArrayHeader header = ArrayHeader.parse(path, readHeader(channel), size);
            if ((type != null && type != header.type) || (shape != null && !Arrays.equals(shape, header.shape)))
            {
                throw new SharedArrayMismatchException(name, path, ArrayHeader.describe(type, shape), header.describe());
            }
            final long mapped = mappedLength(header.fileLength);
            final long address = OS.map(channel, FileChannel.MapMode.READ_WRITE, 0, mapped, OS.pageSize());
            // acquire: pairs with the creator's release of the magic, so the data it wrote before is visible too
            if (MEMORY.readVolatileLong(address + SharedArrayDescriptor.MAGIC_OFFSET) != SharedArrayDescriptor.MAGIC)
            {
                unmap(path, address, mapped);
                throw new RuntimeDirectoryException(path, "changed while it was being attached", "Attach again");
            }
            return new ArrayFile(path, header, false, null, address, mapped); // a client never removes the file
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
        catch (final AccessDeniedException ex)
        {
            throw new RuntimeDirectoryException(path, "cannot be opened for reading and writing: permission denied",
                "Shared arrays are mode 0600, for the user who created them: attach as that user", ex);
        }
        catch (final IOException ex)
        {
            throw new RuntimeDirectoryException(path, "cannot be opened or mapped: " + ex, "Check that it is a shared array file " +
                "and that the address space has room for it", ex);
        }
    }

    private static ByteBuffer readHeader(final FileChannel channel) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(SharedArrayDescriptor.HEADER_LENGTH).order(ByteOrder.nativeOrder());
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0)
        {
            // read the whole header, or as much as the file has
        }
        return bytes.flip();
    }

    /**
     * Removes {@code path} if its creator died (a crash left it): nobody will remove it otherwise. Processes that
     * still map it keep their mapping; the name is free for a new array.
     *
     * @return true if the name is free now.
     */
    private static boolean removeIfStale(final Path path)
    {
        final ArrayHeader header;
        final Object key;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            header = ArrayHeader.parse(path, readHeader(channel), channel.size());
        }
        catch (final NoSuchFileException ex)
        {
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false; // not ours to judge: the caller reports the name as taken
        }
        if (new SessionId(header.creatorPid, header.creatorStartMillis).isOwnerAlive())
        {
            return false;
        }
        if (sameFile(path, key))
        {
            deleteQuietly(path);
            LOG.warn("removed shared array {} left by process {}, which is gone", path, header.creatorPid);
        }
        return true;
    }

    private static String describeExisting(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final ArrayHeader header = ArrayHeader.parse(path, readHeader(channel), channel.size());
            return header.describe() + ", created by pid " + header.creatorPid;
        }
        catch (final IOException | RuntimeException ex)
        {
            return "not a usable shared array: " + ex.getMessage();
        }
    }

    /** Removes the file if this side created it and it is still the one this mapping came from. */
    void delete()
    {
        if (owner && sameFile(path, fileKey))
        {
            deleteQuietly(path);
        }
    }

    /** Unmaps; the address must not be used afterwards. */
    void unmap()
    {
        unmap(path, address, mappedLength);
    }

    private static boolean sameFile(final Path path, final Object key)
    {
        try
        {
            return key == null || Objects.equals(key, Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static long mappedLength(final long fileLength)
    {
        final long page = OS.pageSize();
        return (fileLength + page - 1) & -page;
    }

    private static void unmap(final Path path, final long address, final long length)
    {
        if (address == 0)
        {
            return;
        }
        try
        {
            OS.unmap(address, length, OS.pageSize());
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot unmap shared array {} ({} bytes at 0x{}): {}", path, length, Long.toHexString(address), ex.toString());
        }
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot delete {}: {}", path, ex.toString());
        }
    }
}

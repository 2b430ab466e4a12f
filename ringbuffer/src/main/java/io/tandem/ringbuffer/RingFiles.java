package io.tandem.ringbuffer;

import io.tandem.ringbuffer.internal.MappedRegion;
import io.tandem.ringbuffer.internal.ProcessLiveness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.tandem.ringbuffer.RingBufferDescriptor.CREATED_TIME_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CREATOR_PID_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.CREATOR_START_TIME_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.FILE_LENGTH_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.HEARTBEAT_TIMEOUT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.LAYOUT_VERSION;
import static io.tandem.ringbuffer.RingBufferDescriptor.LAYOUT_VERSION_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAGIC;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAGIC_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_CONSUMERS_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.METADATA_LENGTH;
import static io.tandem.ringbuffer.RingBufferDescriptor.POLICY_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOTS_OFFSET_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_COUNT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_LENGTH_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_SIZE_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * Creating and attaching ring files. A new ring is built under a temporary name (allocated, so a full tmpfs
 * fails here with an exception rather than later with a bus error), initialised with the magic written last,
 * then hard-linked to its name, which fails if the name is taken: nobody ever sees a half-made ring.
 */
final class RingFiles
{
    private static final Logger LOG = LoggerFactory.getLogger(RingFiles.class);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final int ZERO_CHUNK = 1 << 20;

    private RingFiles()
    {
    }

    static RingBuffer open(final RingBuffer.Builder builder)
    {
        final Path path = builder.path().toAbsolutePath().normalize();
        switch (builder.mode())
        {
            case CREATE:
                return create(path, builder, false);
            case CREATE_OR_ATTACH:
                return create(path, builder, true);
            case ATTACH:
                return attach(path, builder);
            default:
                throw new AssertionError(builder.mode());
        }
    }

    private static RingBuffer create(final Path path, final RingBuffer.Builder builder, final boolean attachIfExists)
    {
        ensureParent(path);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
            {
                if (removeIfStale(path))
                {
                    continue;
                }
                if (attachIfExists)
                {
                    return attach(path, builder);
                }
                throw new RingFileException(path, "already exists and is in use (" + describeOwners(path) +
                    "); attach to it, use createOrAttach, or pick another name");
            }
            final RingBuffer ring = tryCreate(path, builder);
            if (ring != null)
            {
                return ring;
            }
        }
        throw new RingFileException(path, "was created and removed repeatedly by other processes while creating it");
    }

    /** @return the new ring, or null if another process created the name first. */
    private static RingBuffer tryCreate(final Path path, final RingBuffer.Builder builder)
    {
        final long fileLength = RingBufferDescriptor.fileLength(builder.slotCount(), builder.slotSize(), builder.maxConsumers());
        checkSpace(path, fileLength);
        final Path temp = path.resolveSibling("." + path.getFileName() + ".tmp-" + ProcessLiveness.currentPid() + "-" +
            TEMP_COUNTER.incrementAndGet());
        MappedRegion region = null;
        try
        {
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), FILE_MODE))
            {
                allocate(channel, fileLength);
                region = MappedRegion.map(channel, fileLength);
            }
            initialise(region.address(), builder, fileLength);
            try
            {
                Files.createLink(path, temp);
            }
            catch (final FileAlreadyExistsException ex)
            {
                region.close();
                return null;
            }
            final RingHeader header = readHeader(path, region.address());
            return new RingBuffer(path, region, header, true, builder);
        }
        catch (final IOException ex)
        {
            if (region != null)
            {
                region.close();
            }
            throw new RingFileException(path, "cannot be created (" + fileLength + " bytes): " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            if (region != null)
            {
                region.close();
            }
            throw ex;
        }
        finally
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot delete temporary file {}: {}", temp, ex.toString());
            }
        }
    }

    private static void initialise(final long address, final RingBuffer.Builder builder, final long fileLength)
    {
        MEMORY.writeInt(address + LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        MEMORY.writeInt(address + POLICY_OFFSET, builder.policy().code());
        MEMORY.writeInt(address + SLOT_COUNT_OFFSET, builder.slotCount());
        MEMORY.writeInt(address + SLOT_SIZE_OFFSET, builder.slotSize());
        MEMORY.writeInt(address + SLOT_LENGTH_OFFSET, RingBufferDescriptor.slotLength(builder.slotSize()));
        MEMORY.writeInt(address + MAX_CONSUMERS_OFFSET, builder.maxConsumers());
        MEMORY.writeLong(address + SLOTS_OFFSET_OFFSET, RingBufferDescriptor.slotsOffset(builder.maxConsumers()));
        MEMORY.writeLong(address + FILE_LENGTH_OFFSET, fileLength);
        MEMORY.writeLong(address + HEARTBEAT_TIMEOUT_OFFSET, builder.heartbeatTimeout().toNanos());
        MEMORY.writeLong(address + CREATOR_PID_OFFSET, ProcessLiveness.currentPid());
        MEMORY.writeLong(address + CREATOR_START_TIME_OFFSET, ProcessLiveness.currentStartTimeMs());
        MEMORY.writeLong(address + CREATED_TIME_OFFSET, System.currentTimeMillis());
        // release: every field above is visible to whoever reads the magic (the "initialised" flag, written last)
        MEMORY.writeOrderedLong(address + MAGIC_OFFSET, MAGIC);
    }

    private static RingBuffer attach(final Path path, final RingBuffer.Builder builder)
    {
        final long deadline = System.nanoTime() + builder.attachTimeout().toNanos();
        while (true)
        {
            try
            {
                return tryAttach(path, builder);
            }
            catch (final RingHeader.NotReadyException ex)
            {
                if (System.nanoTime() - deadline >= 0)
                {
                    final String waited = builder.attachTimeout().isZero() ? "" :
                        " (waited " + builder.attachTimeout().toMillis() + " ms)";
                    throw new RingFileException(path, ex.getMessage() + waited);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static RingBuffer tryAttach(final Path path, final RingBuffer.Builder builder) throws RingHeader.NotReadyException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            final ByteBuffer bytes = ByteBuffer.allocate(METADATA_LENGTH).order(ByteOrder.nativeOrder());
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0)
            {
                // read the whole metadata section, or what the file has of it
            }
            final RingHeader header = RingHeader.parse(path, bytes, size);
            final String mismatch = header.mismatch(builder);
            if (mismatch != null)
            {
                throw new RingFileException(path, mismatch);
            }
            final MappedRegion region = MappedRegion.map(channel, header.fileLength);
            try
            {
                // acquire: pairs with the creator's release of the magic; the metadata we parsed is complete
                if (MEMORY.readVolatileLong(region.address() + MAGIC_OFFSET) != MAGIC)
                {
                    throw new RingFileException(path, "changed while it was being attached");
                }
                return new RingBuffer(path, region, header, false, builder);
            }
            catch (final RuntimeException ex)
            {
                region.close();
                throw ex;
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new RingHeader.NotReadyException("does not exist: create it first (RingBuffer.create or " +
                "createOrAttach), or give attach a timeout to wait for its creator");
        }
        catch (final AccessDeniedException ex)
        {
            throw new RingFileException(path, "cannot be opened for reading and writing: permission denied (ring files are " +
                "mode 0600, for their creator's user only)", ex);
        }
        catch (final IOException ex)
        {
            throw new RingFileException(path, "cannot be opened: " + ex, ex);
        }
    }

    private static RingHeader readHeader(final Path path, final long address)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(METADATA_LENGTH).order(ByteOrder.nativeOrder());
        for (int i = 0; i < METADATA_LENGTH; i += 8)
        {
            bytes.putLong(i, MEMORY.readLong(address + i));
        }
        try
        {
            return RingHeader.parse(path, bytes, MEMORY.readLong(address + FILE_LENGTH_OFFSET));
        }
        catch (final RingHeader.NotReadyException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * Removes {@code path} if it is a ring nobody uses any more: its creator, producer and every consumer are
     * gone (left by a crash). Files that are not rings are never touched.
     *
     * @return true if it was removed.
     */
    private static boolean removeIfStale(final Path path)
    {
        final Object fileKey;
        final String owners;
        try (RingBuffer old = tryAttach(path, RingBuffer.attach(path)))
        {
            if (ProcessLiveness.isAlive(old.creatorPid(), old.creatorStartTimeMs()) ||
                old.producerStatus() == ProducerStatus.ACTIVE || old.consumerTable().anyLive())
            {
                return false;
            }
            fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            owners = "created by pid " + old.creatorPid();
        }
        catch (final RingHeader.NotReadyException | RingFileException ex)
        {
            return false;
        }
        catch (final NoSuchFileException ex)
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
        try
        {
            // only if it is still the file we inspected, not one a racing process just made
            final Object nowKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && Objects.equals(fileKey, nowKey))
            {
                Files.deleteIfExists(path);
                LOG.warn("ring {}: removed a stale ring left by a crash ({}, every user gone)", path, owners);
            }
            return true;
        }
        catch (final NoSuchFileException ex)
        {
            return true;
        }
        catch (final IOException ex)
        {
            throw new RingFileException(path, "is a stale ring (every user gone) but cannot be removed: " + ex, ex);
        }
    }

    private static String describeOwners(final Path path)
    {
        try (RingBuffer old = tryAttach(path, RingBuffer.attach(path)))
        {
            final boolean creatorAlive = ProcessLiveness.isAlive(old.creatorPid(), old.creatorStartTimeMs());
            return "created by pid " + old.creatorPid() + (creatorAlive ? "" : " (gone)") + ", producer " +
                old.producerStatus().name().toLowerCase(java.util.Locale.ROOT) + ", " + old.consumers().size() + " consumer(s)";
        }
        catch (final RingHeader.NotReadyException | RuntimeException ex)
        {
            return "not a ring buffer: " + ex.getMessage();
        }
    }

    private static void ensureParent(final Path path)
    {
        final Path parent = path.getParent();
        if (parent == null || Files.isDirectory(parent))
        {
            return;
        }
        try
        {
            Files.createDirectories(parent, DIRECTORY_MODE);
        }
        catch (final IOException ex)
        {
            throw new RingFileException(path, "its directory cannot be created: " + ex, ex);
        }
    }

    private static void checkSpace(final Path path, final long fileLength)
    {
        try
        {
            final long usable = Files.getFileStore(path.getParent()).getUsableSpace();
            if (usable < fileLength)
            {
                throw new RingFileException(path, "needs " + fileLength + " bytes but its file system has " + usable +
                    " bytes free (tmpfs full? make it larger, free space, or create a smaller ring)");
            }
        }
        catch (final IOException ex)
        {
            throw new RingFileException(path, "cannot inspect its file system: " + ex, ex);
        }
    }

    /** Writes zeros over the whole file: tmpfs allocates its pages now, failing cleanly if it is full. */
    private static void allocate(final FileChannel channel, final long length) throws IOException
    {
        final ByteBuffer zeros = ByteBuffer.allocateDirect((int)Math.min(ZERO_CHUNK, length));
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
}

package io.tandem.ringbuffer;

import io.tandem.internal.sharedfile.MappedRegion;
import io.tandem.internal.sharedfile.ProcessLiveness;
import io.tandem.internal.sharedfile.SharedFile;
import io.tandem.internal.sharedfile.SharedFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

import static io.tandem.ringbuffer.RingBufferDescriptor.HEARTBEAT_TIMEOUT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.LAYOUT_VERSION;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAGIC;
import static io.tandem.ringbuffer.RingBufferDescriptor.MAX_CONSUMERS_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.POLICY_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOTS_OFFSET_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_COUNT_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_LENGTH_OFFSET;
import static io.tandem.ringbuffer.RingBufferDescriptor.SLOT_SIZE_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * Creating and attaching ring files, through the shared-file layer ({@link SharedFile}): a new ring is built under a
 * temporary name (its space reserved, so a full tmpfs fails here with an exception rather than later with a bus
 * error), initialised with the ready word written last, then hard-linked to its name, which fails if the name is
 * taken: nobody ever sees a half-made ring.
 */
final class RingFiles
{
    private static final Logger LOG = LoggerFactory.getLogger(RingFiles.class);
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

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
        final SharedFile file;
        try
        {
            file = SharedFile.createAtomically(path, MAGIC, LAYOUT_VERSION, fileLength, MappedRegion.Unmap.ON_CLOSE,
                address -> initialise(address, builder));
        }
        catch (final FileAlreadyExistsException ex)
        {
            return null;
        }
        catch (final SharedFileException ex)
        {
            throw new RingFileException(path, "cannot be created (" + fileLength + " bytes): " + ex.problem(), ex);
        }
        try
        {
            return new RingBuffer(path, file.region(), RingHeader.parse(file), true, builder);
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /** Writes the ring metadata; the shared-file layer writes the common header after it, its ready word last. */
    private static void initialise(final long address, final RingBuffer.Builder builder)
    {
        MEMORY.writeInt(address + POLICY_OFFSET, builder.policy().code());
        MEMORY.writeInt(address + SLOT_COUNT_OFFSET, builder.slotCount());
        MEMORY.writeInt(address + SLOT_SIZE_OFFSET, builder.slotSize());
        MEMORY.writeInt(address + SLOT_LENGTH_OFFSET, RingBufferDescriptor.slotLength(builder.slotSize()));
        MEMORY.writeInt(address + MAX_CONSUMERS_OFFSET, builder.maxConsumers());
        MEMORY.writeLong(address + SLOTS_OFFSET_OFFSET, RingBufferDescriptor.slotsOffset(builder.maxConsumers()));
        MEMORY.writeLong(address + HEARTBEAT_TIMEOUT_OFFSET, builder.heartbeatTimeout().toNanos());
    }

    private static RingBuffer attach(final Path path, final RingBuffer.Builder builder)
    {
        return attach(path, builder, builder.attachTimeout());
    }

    /** Waits up to {@code timeout} for the file to be there and ready; checks its geometry against the builder's. */
    private static RingBuffer attach(final Path path, final RingBuffer.Builder builder, final Duration timeout)
    {
        final SharedFile file;
        try
        {
            file = SharedFile.attach(path, MAGIC, LAYOUT_VERSION, timeout, MappedRegion.Unmap.ON_CLOSE);
        }
        catch (final SharedFileException ex)
        {
            throw new RingFileException(path, problem(ex, timeout), ex.getCause());
        }
        try
        {
            final RingHeader header = RingHeader.parse(file);
            final String mismatch = header.mismatch(builder);
            if (mismatch != null)
            {
                throw new RingFileException(path, mismatch);
            }
            return new RingBuffer(path, file.region(), header, false, builder);
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /** @return the shared-file layer's refusal in a ring's words. */
    private static String problem(final SharedFileException ex, final Duration timeout)
    {
        switch (ex.kind())
        {
            case MISSING:
                return "does not exist: create it first (RingBuffer.create or createOrAttach), or give attach a timeout to " +
                    "wait for its creator" + (timeout.isZero() ? "" : " (waited " + timeout.toMillis() + " ms)");
            case WRONG_MAGIC:
                return "is not a Tandem ring buffer: it " + ex.problem();
            case TRUNCATED:
            case NOT_READY:
            case WRONG_VERSION:
            case CORRUPT:
            default:
                return ex.problem();
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
        try (RingBuffer old = attach(path, RingBuffer.attach(path), Duration.ZERO))
        {
            if (ProcessLiveness.isAlive(old.creatorPid(), old.creatorStartTimeMs()) ||
                old.producerStatus() == ProducerStatus.ACTIVE || old.consumerTable().anyLive())
            {
                return false;
            }
            fileKey = SharedFile.fileKey(path);
            owners = "created by pid " + old.creatorPid();
        }
        catch (final RingFileException ex)
        {
            return !Files.exists(path, LinkOption.NOFOLLOW_LINKS); // gone meanwhile: the name is free
        }
        catch (final IOException ex)
        {
            return false;
        }
        try
        {
            // only if it is still the file we inspected, not one a racing process just made
            if (SharedFile.deleteIfUnchanged(path, fileKey))
            {
                LOG.warn("ring {}: removed a stale ring left by a crash ({}, every user gone)", path, owners);
            }
            return true;
        }
        catch (final IOException ex)
        {
            throw new RingFileException(path, "is a stale ring (every user gone) but cannot be removed: " + ex, ex);
        }
    }

    private static String describeOwners(final Path path)
    {
        try (RingBuffer old = attach(path, RingBuffer.attach(path), Duration.ZERO))
        {
            final boolean creatorAlive = ProcessLiveness.isAlive(old.creatorPid(), old.creatorStartTimeMs());
            return "created by pid " + old.creatorPid() + (creatorAlive ? "" : " (gone)") + ", producer " +
                old.producerStatus().name().toLowerCase(java.util.Locale.ROOT) + ", " + old.consumers().size() + " consumer(s)";
        }
        catch (final RuntimeException ex)
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
}

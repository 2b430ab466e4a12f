package io.tandem.internal.sharedfile;

import io.tandem.ringbuffer.internal.NativeMemory;
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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.tandem.internal.sharedfile.SharedFileDescriptor.CREATED_TIME_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.CREATOR_PID_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.CREATOR_START_TIME_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.FILE_LENGTH_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.HEADER_LENGTH;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.LAYOUT_VERSION_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.MAGIC_OFFSET;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.NOT_READY;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.READY;
import static io.tandem.internal.sharedfile.SharedFileDescriptor.READY_OFFSET;
import static net.openhft.chronicle.core.UnsafeMemory.MEMORY;

/**
 * One shared file ({@link SharedFileDescriptor}'s header, then a body) mapped into this process: how it is made
 * and how it is found.
 *
 * <pre>{@code
 * // the creator: the body is written before the header's ready word, and the name appears only once it is ready
 * SharedFile file = SharedFile.createAtomically(path, MAGIC, VERSION, length, Unmap.ON_CLOSE,
 *     address -> MEMORY.writeInt(address + COUNT_OFFSET, count));
 * // any other process: waits up to a second for the file to be there and ready
 * SharedFile same = SharedFile.attach(path, MAGIC, VERSION, Duration.ofSeconds(1), Unmap.ON_CLOSE);
 * }</pre>
 *
 * Errors are {@link SharedFileException}s whose {@link SharedFileException#kind() kind} each file type turns into
 * its own exception and words.
 */
public final class SharedFile implements AutoCloseable
{
    /** Writes a new file's body; header fields are the layer's. */
    @FunctionalInterface
    public interface BodyInitialiser
    {
        /**
         * @param address the address of byte 0 of the new file, zeroed: write the body at offsets from
         *                {@link SharedFileDescriptor#BODY_OFFSET} on, with plain stores (the ready word's release
         *                store publishes them).
         */
        void initialise(long address);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SharedFile.class);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Path path;
    private final MappedRegion region;
    private final long fileLength;
    private final long fileSize;
    private final long creatorPid;
    private final long creatorStartTimeMs;
    private final long createdTimeMs;
    private final boolean creator;
    private final Object fileKey;

    private SharedFile(final Path path, final MappedRegion region, final long fileSize, final boolean creator, final Object fileKey)
    {
        final long address = region.address();
        this.path = path;
        this.region = region;
        this.fileSize = fileSize;
        this.creator = creator;
        this.fileKey = fileKey;
        this.fileLength = MEMORY.readLong(address + FILE_LENGTH_OFFSET);
        this.creatorPid = MEMORY.readLong(address + CREATOR_PID_OFFSET);
        this.creatorStartTimeMs = MEMORY.readLong(address + CREATOR_START_TIME_OFFSET);
        this.createdTimeMs = MEMORY.readLong(address + CREATED_TIME_OFFSET);
    }

    /**
     * Makes a new shared file at {@code path}: created beside it under a temporary name (mode 0600), its
     * {@code length} bytes reserved ({@link SpaceReservation}: a full file system is an exception naming
     * {@code path}, never a SIGBUS), mapped, its body written by {@code init}, its header written with the ready word
     * last (release), then hard-linked to {@code path}, which fails if the name is taken. Nobody ever sees it half
     * made. The directory must exist.
     *
     * @param length the whole file's length, header included.
     * @throws FileAlreadyExistsException if {@code path} exists (this call then leaves nothing behind).
     * @throws SharedFileException        (NO_SPACE, IO) naming {@code path} if it cannot be made.
     */
    public static SharedFile createAtomically(final Path path, final long magic, final int version, final long length,
        final MappedRegion.Unmap unmap, final BodyInitialiser init) throws FileAlreadyExistsException
    {
        if (length < HEADER_LENGTH)
        {
            throw new IllegalArgumentException("a shared file holds at least its " + HEADER_LENGTH + "-byte header, not " + length);
        }
        // a file name never starts with '.' in Tandem's directories, so the temporary file collides with nothing
        final Path temp = path.resolveSibling("." + path.getFileName() + ".tmp-" + ProcessLiveness.currentPid() + "-" +
            TEMP_COUNTER.incrementAndGet());
        MappedRegion region = null;
        try
        {
            Files.createFile(temp, FILE_MODE);
            try (RandomAccessFile file = new RandomAccessFile(temp.toFile(), "rw"))
            {
                SpaceReservation.reserve(file, path, length);
                region = MappedRegion.map(file.getChannel(), length, unmap);
            }
            final long address = region.address();
            init.initialise(address);
            MEMORY.writeLong(address + MAGIC_OFFSET, magic);
            MEMORY.writeInt(address + LAYOUT_VERSION_OFFSET, version);
            MEMORY.writeLong(address + FILE_LENGTH_OFFSET, length);
            MEMORY.writeLong(address + CREATOR_PID_OFFSET, ProcessLiveness.currentPid());
            MEMORY.writeLong(address + CREATOR_START_TIME_OFFSET, ProcessLiveness.currentStartTimeMs());
            MEMORY.writeLong(address + CREATED_TIME_OFFSET, System.currentTimeMillis());
            // release: whoever acquires READY sees the body and every header field above
            MEMORY.writeOrderedLong(address + READY_OFFSET, READY);
            try
            {
                Files.createLink(path, temp); // link(2): atomic, and fails if the name is taken
            }
            catch (final FileAlreadyExistsException ex)
            {
                region.close();
                throw ex;
            }
            return new SharedFile(path, region, length, true, fileKey(path));
        }
        catch (final FileAlreadyExistsException ex)
        {
            if (region == null)
            {
                throw new SharedFileException(path, SharedFileException.Kind.IO, "cannot be created: its temporary file " +
                    temp.getFileName() + " exists", ex);
            }
            throw ex;
        }
        catch (final IOException ex)
        {
            closeQuietly(region);
            throw new SharedFileException(path, SharedFileException.Kind.IO, "cannot be created (" + length + " bytes): " + ex, ex);
        }
        catch (final RuntimeException | Error ex)
        {
            closeQuietly(region);
            throw ex;
        }
        finally
        {
            deleteQuietly(temp);
        }
    }

    /** {@link #attach(Path, long, int, Duration, MappedRegion.Unmap)}, unmapped on close. */
    public static SharedFile attach(final Path path, final long magic, final int version, final Duration timeout)
    {
        return attach(path, magic, version, timeout, MappedRegion.Unmap.ON_CLOSE);
    }

    /**
     * Maps the existing shared file at {@code path}, waiting up to {@code timeout} while it is missing or not ready.
     * The whole file, as long as its header says, is mapped; the body is the caller's to check.
     *
     * @throws SharedFileException naming {@code path}: MISSING or NOT_READY once the timeout has passed (the problem
     *                             then says how long it waited); at once WRONG_MAGIC, WRONG_VERSION, TRUNCATED (shorter
     *                             than the header, or than the length it states), CORRUPT, or IO.
     */
    public static SharedFile attach(final Path path, final long magic, final int version, final Duration timeout,
        final MappedRegion.Unmap unmap)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            try
            {
                return tryAttach(path, magic, version, unmap);
            }
            catch (final NotReady ex)
            {
                if (System.nanoTime() - deadline >= 0)
                {
                    throw new SharedFileException(path, ex.kind, ex.problem + (timeout.isZero() ? "" :
                        " (waited " + timeout.toMillis() + " ms)"), null);
                }
                LockSupport.parkNanos(RETRY_NANOS);
            }
        }
    }

    private static SharedFile tryAttach(final Path path, final long magic, final int version, final MappedRegion.Unmap unmap)
        throws NotReady
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            if (size == 0)
            {
                throw new NotReady(SharedFileException.Kind.NOT_READY, "is empty: its creator has not written it yet, or it " +
                    "is not a Tandem file");
            }
            if (size < Long.BYTES)
            {
                throw fail(path, SharedFileException.Kind.TRUNCATED, "is only " + size + " bytes long, shorter than the " +
                    HEADER_LENGTH + "-byte header");
            }
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.nativeOrder());
            while (header.hasRemaining() && channel.read(header, header.position()) > 0)
            {
                // the whole header, or what the file has of it
            }
            // checked before anything is mapped: a garbage length must not decide what gets mapped
            final long found = header.getLong(MAGIC_OFFSET);
            if (found == 0)
            {
                throw new NotReady(SharedFileException.Kind.NOT_READY, "is not initialised (its magic number is 0): its " +
                    "creator has not finished, or it is not a Tandem file");
            }
            if (found != magic)
            {
                throw fail(path, SharedFileException.Kind.WRONG_MAGIC, String.format(Locale.ROOT,
                    "starts with 0x%016x (\"%s\"), not the magic 0x%016x (\"%s\")", found, ascii(found), magic, ascii(magic)));
            }
            if (size < HEADER_LENGTH)
            {
                throw fail(path, SharedFileException.Kind.TRUNCATED, "is truncated: " + size + " bytes, shorter than the " +
                    HEADER_LENGTH + "-byte header");
            }
            final long ready = header.getLong(READY_OFFSET);
            if (ready == NOT_READY)
            {
                throw new NotReady(SharedFileException.Kind.NOT_READY, "is not initialised (its ready word is 0): its " +
                    "creator has not finished");
            }
            final int foundVersion = header.getInt(LAYOUT_VERSION_OFFSET);
            if (foundVersion != version)
            {
                throw fail(path, SharedFileException.Kind.WRONG_VERSION, "has layout version " + foundVersion +
                    "; this library reads version " + version + " (use the same Tandem version on both sides)");
            }
            if (ready != READY)
            {
                throw fail(path, SharedFileException.Kind.CORRUPT, "has a corrupt header: its ready word is 0x" +
                    Long.toHexString(ready) + ", not " + READY);
            }
            final long fileLength = header.getLong(FILE_LENGTH_OFFSET);
            if (fileLength < HEADER_LENGTH)
            {
                throw fail(path, SharedFileException.Kind.CORRUPT, "has a corrupt header: its file length is " + fileLength);
            }
            if (size < fileLength)
            {
                throw new SharedFileException(path, SharedFileException.Kind.TRUNCATED, "is truncated: " + size +
                    " bytes, but its header says " + fileLength, null, size, fileLength);
            }
            final MappedRegion region = MappedRegion.map(channel, fileLength, unmap);
            // acquire: pairs with the creator's release of READY, so the body and the header read below are complete
            if (MEMORY.readVolatileLong(region.address() + READY_OFFSET) != READY ||
                MEMORY.readLong(region.address() + MAGIC_OFFSET) != magic ||
                MEMORY.readLong(region.address() + FILE_LENGTH_OFFSET) != fileLength)
            {
                closeQuietly(region);
                throw fail(path, SharedFileException.Kind.CORRUPT, "changed while it was being attached");
            }
            return new SharedFile(path, region, size, false, null);
        }
        catch (final NoSuchFileException ex)
        {
            throw new NotReady(SharedFileException.Kind.MISSING, "does not exist");
        }
        catch (final AccessDeniedException ex)
        {
            throw new SharedFileException(path, SharedFileException.Kind.IO, "cannot be opened for reading and writing: " +
                "permission denied (Tandem's files are mode 0600, for their creator's user only)", ex);
        }
        catch (final IOException ex)
        {
            throw new SharedFileException(path, SharedFileException.Kind.IO, "cannot be opened or mapped: " + ex, ex);
        }
    }

    /** @return the file's name. */
    public Path path()
    {
        return path;
    }

    /** @return the mapping (its address is byte 0 of the file). */
    public MappedRegion region()
    {
        return region;
    }

    /** @return the address of byte 0 of the file. */
    public long address()
    {
        return region.address();
    }

    /** @return the file's length as its header states it. */
    public long fileLength()
    {
        return fileLength;
    }

    /** @return the file's size when it was attached (at least {@link #fileLength()}). */
    public long fileSize()
    {
        return fileSize;
    }

    /** @return the creator's pid. */
    public long creatorPid()
    {
        return creatorPid;
    }

    /** @return the creator's process start time, ms since the epoch (0 if unknown). */
    public long creatorStartTimeMs()
    {
        return creatorStartTimeMs;
    }

    /** @return when the file was made, ms since the epoch. */
    public long createdTimeMs()
    {
        return createdTimeMs;
    }

    /** @return true if this process made the file (through {@link #createAtomically}). */
    public boolean isCreator()
    {
        return creator;
    }

    /** @return the identity of the file this process linked into place, or null if it attached. */
    public Object fileKey()
    {
        return fileKey;
    }

    /** @return true while the creator runs: its pid exists, is no zombie, and started when the header says. */
    public boolean isCreatorAlive()
    {
        return ProcessLiveness.isAlive(creatorPid, creatorStartTimeMs);
    }

    /**
     * @return a heap copy of bytes {@code [offset, offset + length)} of the file, native order, cut at the file's
     * length (the limit then says how many there are): for parsing a body header without trusting it yet.
     */
    public ByteBuffer copy(final int offset, final int length)
    {
        final int n = (int)Math.max(0, Math.min(length, fileLength - offset));
        final byte[] bytes = new byte[length];
        NativeMemory.copy(null, region.address() + offset, bytes, NativeMemory.BYTE_ARRAY_BASE, n);
        return ByteBuffer.wrap(bytes, 0, n).slice().order(ByteOrder.nativeOrder());
    }

    /** Unmaps it (for {@link MappedRegion.Unmap#ON_CLOSE}); the address must not be used afterwards. */
    @Override
    public void close()
    {
        region.close();
    }

    /** @return the identity (inode) of the file at {@code path}, or null if the file system gives none. */
    public static Object fileKey(final Path path) throws IOException
    {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * Removes {@code path} only if it is still the file whose {@link #fileKey} was {@code key}, not one another process
     * has made under that name since.
     *
     * @return true if it was removed, false if it was gone already or is another file now (or {@code key} is null).
     * @throws IOException if it cannot be removed.
     */
    public static boolean deleteIfUnchanged(final Path path, final Object key) throws IOException
    {
        try
        {
            return key != null && Objects.equals(key, fileKey(path)) && Files.deleteIfExists(path);
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
    }

    private static SharedFileException fail(final Path path, final SharedFileException.Kind kind, final String problem)
    {
        return new SharedFileException(path, kind, problem, null);
    }

    private static String ascii(final long word)
    {
        final StringBuilder text = new StringBuilder(8);
        for (int i = 0; i < 8; i++)
        {
            final char c = (char)((word >>> (8 * i)) & 0xFF); // little-endian: byte 0 first, as a hex dump shows it
            text.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return text.toString();
    }

    private static void closeQuietly(final MappedRegion region)
    {
        if (region != null)
        {
            try
            {
                region.close();
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("cannot unmap: {}", ex.toString());
            }
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
            LOG.warn("cannot delete temporary file {}: {}", path, ex.toString());
        }
    }

    /** Missing or not ready yet: worth waiting for. */
    private static final class NotReady extends Exception
    {
        private static final long serialVersionUID = 1L;

        private final transient SharedFileException.Kind kind;
        private final String problem;

        NotReady(final SharedFileException.Kind kind, final String problem)
        {
            super(problem, null, false, false);
            this.kind = kind;
            this.problem = problem;
        }
    }
}

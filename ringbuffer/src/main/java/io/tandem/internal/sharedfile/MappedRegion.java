package io.tandem.internal.sharedfile;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.OS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A shared read-write mapping of a whole file, addressed by raw native address: the one way Tandem maps its shared
 * files. The mapping outlives the channel it came from. Two ways to let it go, chosen by what may still touch it:
 * <ul>
 *   <li>{@link Unmap#ON_CLOSE} (rings, shared arrays: large, and their owners guard every access with a closed flag):
 *       {@link #close()} unmaps at once. Touching {@link #address()} afterwards crashes the JVM.</li>
 *   <li>{@link Unmap#WHEN_COLLECTED} (the process table, event groups: small, and a thread may still be in a call
 *       when another closes): the mapping is a {@link MappedByteBuffer}, released by the JDK once it is unreachable;
 *       {@link #close()} does nothing. Holders keep {@link #buffer()} reachable while they use the address.</li>
 * </ul>
 * Either way the mapped length is the file length rounded up to a page; a caller maps no more than the file holds
 * (touching a page past its end raises SIGBUS).
 */
public final class MappedRegion implements AutoCloseable
{
    /** When the mapping goes. */
    public enum Unmap
    {
        /** At {@link MappedRegion#close()}. */
        ON_CLOSE,
        /** When the region's buffer is collected; close does nothing. */
        WHEN_COLLECTED
    }

    private final long address;
    private final long length;
    private final MappedByteBuffer buffer;
    private boolean closed;

    private MappedRegion(final long address, final long length, final MappedByteBuffer buffer)
    {
        this.address = address;
        this.length = length;
        this.buffer = buffer;
    }

    /** Maps the first {@code length} bytes of {@code channel}, shared, read-write, unmapped on {@link #close()}. */
    public static MappedRegion map(final FileChannel channel, final long length) throws IOException
    {
        return map(channel, length, Unmap.ON_CLOSE);
    }

    /**
     * Maps the first {@code length} bytes of {@code channel}, shared, read-write.
     *
     * @throws IllegalArgumentException for {@link Unmap#WHEN_COLLECTED} beyond 2 GiB (a buffer's limit).
     */
    public static MappedRegion map(final FileChannel channel, final long length, final Unmap unmap) throws IOException
    {
        if (unmap == Unmap.WHEN_COLLECTED)
        {
            if (length > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException(length + " bytes cannot be mapped as a buffer: map it ON_CLOSE");
            }
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            return new MappedRegion(Jvm.address(buffer), length, buffer);
        }
        final long mapped = pageAligned(length);
        return new MappedRegion(OS.map(channel, FileChannel.MapMode.READ_WRITE, 0, mapped, OS.pageSize()), mapped, null);
    }

    /** @return the address of byte 0 of the file. */
    public long address()
    {
        return address;
    }

    /** @return the mapped length, bytes (a whole number of pages for {@link Unmap#ON_CLOSE}). */
    public long length()
    {
        return length;
    }

    /** @return the buffer of a {@link Unmap#WHEN_COLLECTED} mapping (keep it reachable while using the address), else null. */
    public MappedByteBuffer buffer()
    {
        return buffer;
    }

    /** Unmaps an {@link Unmap#ON_CLOSE} mapping; later calls, and any call on a buffer mapping, do nothing. */
    @Override
    public synchronized void close()
    {
        if (!closed && buffer == null)
        {
            closed = true;
            try
            {
                OS.unmap(address, length, OS.pageSize());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot unmap " + length + " bytes at 0x" + Long.toHexString(address), ex);
            }
        }
    }

    private static long pageAligned(final long length)
    {
        final long page = OS.pageSize();
        return (length + page - 1) & -page;
    }
}

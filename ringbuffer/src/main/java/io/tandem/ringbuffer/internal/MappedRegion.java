package io.tandem.ringbuffer.internal;

import net.openhft.chronicle.core.OS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;

/**
 * A shared read-write mapping of a whole file, addressed by raw native address (Chronicle's {@link OS#map}).
 * The mapping outlives the channel it came from. Touching {@link #address()} after {@link #close()} crashes the
 * JVM, so owners check their own closed flag before every access.
 */
public final class MappedRegion implements AutoCloseable
{
    private final long address;
    private final long length;
    private boolean closed;

    private MappedRegion(final long address, final long length)
    {
        this.address = address;
        this.length = length;
    }

    /** Maps the first {@code length} bytes of {@code channel}, shared, read-write. */
    public static MappedRegion map(final FileChannel channel, final long length) throws IOException
    {
        return new MappedRegion(OS.map(channel, FileChannel.MapMode.READ_WRITE, 0, length), length);
    }

    /** @return the address of byte 0 of the file. */
    public long address()
    {
        return address;
    }

    /** @return the mapped length, bytes. */
    public long length()
    {
        return length;
    }

    /** Unmaps; later calls do nothing. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                OS.unmap(address, length);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot unmap " + length + " bytes at 0x" + Long.toHexString(address), ex);
            }
        }
    }
}

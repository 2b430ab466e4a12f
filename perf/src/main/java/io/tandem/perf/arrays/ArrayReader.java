package io.tandem.perf.arrays;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;
import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.core.UnsafeMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The backend of the arrays benchmark: attaches to what the frontend created and reads it in place; beside it, the
 * same reads over a private copy, and a bare {@code FileChannel.map} of a plain file.
 */
public final class ArrayReader extends MessageProcess implements ArrayWork
{
    private transient Map<String, SharedArray> arrays;
    private transient PrivateLongs privateCopy;
    private transient MappedByteBuffer mapped;

    public ArrayReader(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    protected void preRun()
    {
        arrays = new HashMap<>();
    }

    @Override
    protected void postRun()
    {
        arrays.values().forEach(SharedArray::close);
        freePrivate();
        unmap();
    }

    @Override
    public void attach(final String name, final ElementType type, final long[] shape)
    {
        arrays.put(name, SharedArray.attach(name, type, shape));
        sendOut(new MessageObject("attached"));
    }

    @Override
    public void detach(final String name)
    {
        arrays.remove(name).close();
        sendOut(new MessageObject("detached"));
    }

    @Override
    public void noop()
    {
        sendOut(new MessageObject("noop"));
    }

    @Override
    public void sumLongs(final String name, final int passes)
    {
        final SharedArray array = arrays.get(name);
        final long[] passNs = new long[passes];
        long sum = 0;
        for (int p = 0; p < passes; p++)
        {
            final long start = System.nanoTime();
            sum += sum(array);
            passNs[p] = System.nanoTime() - start;
        }
        sendOut(new MessageObject("summed", "sum", sum, "passNs", passNs));
    }

    @Override
    public void copyPrivately(final String name)
    {
        freePrivate();
        privateCopy = PrivateLongs.copyOf(arrays.get(name));
        sendOut(new MessageObject("copied"));
    }

    @Override
    public void sumPrivateLongs(final int passes)
    {
        final long[] passNs = new long[passes];
        long sum = 0;
        for (int p = 0; p < passes; p++)
        {
            final long start = System.nanoTime();
            sum += sum(privateCopy);
            passNs[p] = System.nanoTime() - start;
        }
        sendOut(new MessageObject("summed", "sum", sum, "passNs", passNs));
    }

    @Override
    public void freePrivateCopy()
    {
        freePrivate();
        sendOut(new MessageObject("freed"));
    }

    @Override
    public void touchPages(final String name)
    {
        final SharedArray array = arrays.get(name);
        final long stride = OS.pageSize() / Long.BYTES;
        final long length = array.length();
        final long start = System.nanoTime();
        long sum = 0;
        for (long i = 0; i < length; i += stride)
        {
            sum += array.getLong(i);
        }
        final long ns = System.nanoTime() - start;
        sendOut(new MessageObject("touched", "ns", ns, "sum", sum));
    }

    @Override
    public void mapFile(final String path)
    {
        unmap();
        try (FileChannel channel = FileChannel.open(Paths.get(path), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size()); // the mapping outlives the channel
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        sendOut(new MessageObject("mapped"));
    }

    @Override
    public void touchMappedPages()
    {
        final MappedByteBuffer buffer = mapped;
        final int stride = OS.pageSize();
        final int length = buffer.capacity();
        final long start = System.nanoTime();
        long sum = 0;
        for (int at = 0; at + Long.BYTES <= length; at += stride)
        {
            sum += buffer.getLong(at);
        }
        final long ns = System.nanoTime() - start;
        sendOut(new MessageObject("touched", "ns", ns, "sum", sum));
    }

    @Override
    public void unmapFile()
    {
        unmap();
        sendOut(new MessageObject("unmapped"));
    }

    /** The loop a user writes: one checked {@code getLong} per element. */
    private static long sum(final SharedArray array)
    {
        final long length = array.length();
        long sum = 0;
        for (long i = 0; i < length; i++)
        {
            sum += array.getLong(i);
        }
        return sum;
    }

    /** The same loop over private memory. */
    private static long sum(final PrivateLongs longs)
    {
        final long length = longs.length();
        long sum = 0;
        for (long i = 0; i < length; i++)
        {
            sum += longs.getLong(i);
        }
        return sum;
    }

    private void freePrivate()
    {
        if (privateCopy != null)
        {
            privateCopy.close();
            privateCopy = null;
        }
    }

    private void unmap()
    {
        if (mapped != null)
        {
            // what users of a bare map call to unmap now rather than at some later garbage collection
            UnsafeMemory.UNSAFE.invokeCleaner(mapped);
            mapped = null;
        }
    }
}

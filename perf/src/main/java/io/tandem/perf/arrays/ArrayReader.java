package io.tandem.perf.arrays;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.memory.ElementType;
import io.tandem.memory.SharedArray;

import java.util.HashMap;
import java.util.Map;

/** The backend of the arrays benchmark: attaches to what the frontend created and reads it in place. */
public final class ArrayReader extends MessageProcess implements ArrayWork
{
    private transient Map<String, SharedArray> arrays;

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
}

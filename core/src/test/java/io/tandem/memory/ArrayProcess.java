package io.tandem.memory;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * A test process (tutorial examples 4 and 5): a 2-D DOUBLE array created in the constructor travels to the
 * backend in a field; more arrays are attached or created there on command.
 */
public class ArrayProcess extends MessageProcess implements ArrayCommands
{
    /** Shape of the constructor array. */
    static final long ROWS = 100;
    static final long COLS = 100;

    private final SharedArray matrix;
    private transient Map<String, SharedArray> arrays;

    public ArrayProcess(final String name, final String arrayName, final ProcessOptions options)
    {
        super(name, options);
        matrix = SharedArray.create(arrayName, ElementType.DOUBLE, ROWS, COLS);
        matrix.fillDouble(1.0);
    }

    /** @return the constructor array (frontend: the server; backend: a client). */
    SharedArray matrix()
    {
        return matrix;
    }

    /** @return the value of the wrapping checksum's k-th term, shared with the test. */
    static long mix(final long k)
    {
        return k * 0x9E37_79B9_7F4A_7C15L + 1;
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
        matrix.close();
    }

    @Override
    public void close()
    {
        super.close();  // the backend stops (its postRun unmaps the client) before the server removes the file
        matrix.close();
    }

    @Override
    public void inspect()
    {
        double sum = 0;
        for (long i = 0; i < matrix.length(); i++)
        {
            sum += matrix.getDouble(i);
        }
        sendOut(new MessageObject("inspect", "sum", sum, "owner", matrix.isOwner(), "path", matrix.path().toString(),
            "type", matrix.elementType().name(), "rank", matrix.rank()));
    }

    @Override
    public void setCell(final long i, final long j, final double value)
    {
        final double old = matrix.getDouble(i, j);
        matrix.setDouble(i, j, value);
        sendOut(new MessageObject("setCell", "old", old));
    }

    @Override
    public void attachArray(final String name, final ElementType type, final long[] shape)
    {
        final SharedArray a = SharedArray.attach(name, type, shape);
        arrays.put(name, a);
        sendOut(new MessageObject("attached", "first", a.getDouble(0), "owner", a.isOwner()));
    }

    @Override
    public void fillArray(final String name, final double value)
    {
        final SharedArray a = arrays.get(name);
        final double first = a.getDouble(0);
        a.fillDouble(value);
        sendOut(new MessageObject("filled", "first", first));
    }

    @Override
    public void createArray(final String name, final ElementType type, final long[] shape)
    {
        final SharedArray a = SharedArray.create(name, type, shape);
        for (long i = 0; i < a.length(); i++)
        {
            a.setLong(i, i * 10);
        }
        arrays.put(name, a);
        sendOut(new MessageObject("created", "owner", a.isOwner(), "path", a.path().toString()));
    }

    @Override
    public void closeArray(final String name)
    {
        final SharedArray a = arrays.remove(name);
        a.close();
        sendOut(new MessageObject("closed", "exists", Files.exists(a.path())));
    }

    @Override
    public void checkLarge(final String name, final long length, final long stride, final long[] probes)
    {
        final SharedArray a = SharedArray.attach(name, ElementType.LONG, length);
        try
        {
            long sum = 0;
            final long terms = a.length() / stride;
            for (long k = 0; k < terms; k++)
            {
                sum += a.getLong(k * stride);
            }
            final long[] seen = new long[probes.length];
            for (int p = 0; p < probes.length; p++)
            {
                seen[p] = a.getLong(probes[p]);
            }
            for (long k = 0; k < terms; k++)
            {
                a.setLong(k * stride + 1, ~mix(k));
            }
            sendOut(new MessageObject("checked", "sum", sum, "probes", seen, "length", a.length()));
        }
        finally
        {
            a.close();
        }
    }
}

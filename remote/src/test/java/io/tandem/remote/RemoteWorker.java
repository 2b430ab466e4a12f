package io.tandem.remote;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/** The remote tests' process. With a marker directory, postRun writes {@code postRun} there. */
public class RemoteWorker extends MessageProcess implements RemoteCommands
{
    private final String markerDir;
    private transient long[] recorded;
    private transient int count;

    public RemoteWorker(final String name, final ProcessOptions options, final Path markerDir)
    {
        super(name, options);
        this.markerDir = markerDir == null ? null : markerDir.toString();
    }

    @Override
    protected void preRun()
    {
        recorded = new long[1024];
    }

    @Override
    protected void postRun()
    {
        if (markerDir != null)
        {
            try
            {
                Files.writeString(Paths.get(markerDir, "postRun"), "ran");
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    @Override
    public void record(final long seq)
    {
        if (count == recorded.length)
        {
            recorded = Arrays.copyOf(recorded, count * 2);
        }
        recorded[count++] = seq;
    }

    @Override
    public long[] recorded()
    {
        return Arrays.copyOf(recorded, count);
    }

    @Override
    public long[] recordedSlice(final int from, final int to)
    {
        return Arrays.copyOfRange(recorded, Math.min(from, count), Math.min(to, count));
    }

    @Override
    public int recordedCount()
    {
        return count;
    }

    @Override
    public int add(final int a, final int b)
    {
        return a + b;
    }

    @Override
    public int fail(final String why)
    {
        throw new IllegalStateException(why);
    }

    @Override
    public void emit(final long seq)
    {
        sendOut(new MessageObject("emitted", "seq", seq));
    }

    @Override
    public void hold(final String held, final String release)
    {
        try
        {
            Files.writeString(Paths.get(held), "held");
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(Paths.get(release)) && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(5);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void emitThenExit(final int count, final int bytes, final int code)
    {
        final String pad = "x".repeat(bytes);
        for (int i = 0; i < count; i++)
        {
            sendOut(new MessageObject("emitted", "seq", (long)i, "pad", pad));
        }
        Runtime.getRuntime().halt(code);
    }

    @Override
    public long backendPid()
    {
        return ProcessHandle.current().pid();
    }

    @Override
    public String property(final String key)
    {
        return System.getProperty(key, "");
    }
}

package io.tandem.flow;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.failure.TandemException;
import io.tandem.test.TestJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A test process for flow control: records what it is sent, emits numbered replies on command, and can
 * be kept busy. With a marker directory, {@code emit} creates {@code emit-done} there when it returns and
 * {@code postRun} creates {@code postRun}, and {@code busy} creates {@code busy} as it starts: proof, readable from
 * another process, that they ran.
 */
public class FlowProcess extends MessageProcess implements FlowCommands
{
    private final String markerDir;
    private transient long[] recorded;
    private transient int recordedCount;
    private transient long[] emitted;
    private transient int emittedCount;
    private transient String lastFailure;

    public FlowProcess(final String name, final ProcessOptions options)
    {
        this(name, options, null);
    }

    public FlowProcess(final String name, final ProcessOptions options, final Path markerDir)
    {
        super(name, options);
        this.markerDir = markerDir == null ? null : markerDir.toString();
    }

    @Override
    protected void preRun()
    {
        recorded = new long[1024];
        emitted = new long[1024];
        lastFailure = "";
    }

    @Override
    protected void postRun()
    {
        mark("postRun");
    }

    private void mark(final String name)
    {
        mark(name, name);
    }

    private void mark(final String name, final String content)
    {
        if (markerDir != null)
        {
            try
            {
                Files.writeString(Paths.get(markerDir, name), content);
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }
    }

    @Override
    public void record(final long seq, final String padding)
    {
        if (recordedCount == recorded.length)
        {
            recorded = java.util.Arrays.copyOf(recorded, recorded.length * 2);
        }
        recorded[recordedCount++] = seq;
    }

    @Override
    public long[] recorded()
    {
        return java.util.Arrays.copyOf(recorded, recordedCount);
    }

    @Override
    public void emit(final long first, final int count, final int paddingChars)
    {
        final String padding = "p".repeat(paddingChars);
        for (int i = 0; i < count; i++)
        {
            try
            {
                sendOut(new MessageObject("emitted", "seq", first + i, "padding", padding));
            }
            catch (final TandemException ex)
            {
                lastFailure = ex.toString();
                break;
            }
            if (emittedCount == emitted.length)
            {
                emitted = java.util.Arrays.copyOf(emitted, emitted.length * 2);
            }
            emitted[emittedCount++] = first + i;
        }
        mark("emit-done");
    }

    @Override
    public long[] emitted()
    {
        return java.util.Arrays.copyOf(emitted, emittedCount);
    }

    @Override
    public String lastFailure()
    {
        return lastFailure;
    }

    @Override
    public void busy(final long millis)
    {
        mark("busy"); // with a marker directory, another process can wait for the command to be running
        TestJvm.sleep(millis);
    }

    @Override
    public void replyUntilItFails(final long millis)
    {
        mark("busy");
        final long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() - deadline < 0)
        {
            try
            {
                sendOut(new MessageObject("still", "here", true));
            }
            catch (final TandemException ex)
            {
                mark("reply-failed", ex.toString());
                return;
            }
            TestJvm.sleep(20);
        }
    }

    @Override
    public void replyOf(final int chars)
    {
        sendOut(new MessageObject("big", "text", "r".repeat(chars)));
    }

    @Override
    public String resultOf(final int chars)
    {
        return "r".repeat(chars);
    }

    @Override
    public int lengthOf(final String text)
    {
        return text.length();
    }
}

package io.tandem.failure;

import io.tandem.MessageObject;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A process for the fault tests: answers calls, records sequence numbers, sleeps, deadlocks on command, and
 * (when asked) hangs in {@code preRun}. Its hooks are written to a journal file, one line each with the pid.
 */
public class FaultyProcess extends MessageProcess implements FaultyCommands
{
    /** Set by the test that made an in-JVM backend spin (the same class in the same JVM): its thread may end. */
    private static volatile boolean released;

    private final String journal;
    private final boolean hangInPreRun;
    private transient long[] seen;
    private transient int seenCount;

    public FaultyProcess(final String name, final ProcessOptions options, final Path journal, final boolean hangInPreRun)
    {
        super(name, options);
        this.journal = journal == null ? null : journal.toString();
        this.hangInPreRun = hangInPreRun;
    }

    public FaultyProcess(final String name, final ProcessOptions options)
    {
        this(name, options, null, false);
    }

    @Override
    protected void preRun() throws InterruptedException
    {
        seen = new long[1024];
        journal("preRun");
        if (hangInPreRun)
        {
            new CountDownLatch(1).await(); // never counted down: a preRun stuck opening a device, say
        }
    }

    @Override
    protected void postRun()
    {
        journal("postRun");
    }

    @Override
    public long next(final long seq)
    {
        return seq;
    }

    @Override
    public void record(final long seq)
    {
        if (seenCount == seen.length)
        {
            seen = Arrays.copyOf(seen, seen.length * 2);
        }
        seen[seenCount++] = seq;
        sendOut(new MessageObject("recorded", "seq", seq));
    }

    @Override
    public long[] recorded()
    {
        return Arrays.copyOf(seen, seenCount);
    }

    @Override
    public long sleepThenReturn(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return millis;
    }

    /** Ends every {@link #spinUntilReleased()} of an in-JVM backend in this JVM. */
    public static void releaseSpinners()
    {
        released = true;
    }

    @Override
    public long spinUntilReleased()
    {
        while (!released)
        {
            Thread.onSpinWait(); // deaf to interrupts and stop requests: stuck, as far as Tandem can tell
        }
        return 0;
    }

    @Override
    public long deadlock()
    {
        final Object first = new Object();
        final Object second = new Object();
        final CountDownLatch bothHoldOne = new CountDownLatch(2);
        final Thread other = new Thread(() -> lockBoth(second, first, bothHoldOne), "deadlocked-partner");
        other.setDaemon(true);
        other.start();
        lockBoth(first, second, bothHoldOne);
        return 0; // never reached
    }

    private static void lockBoth(final Object a, final Object b, final CountDownLatch bothHoldOne)
    {
        synchronized (a)
        {
            bothHoldOne.countDown();
            try
            {
                bothHoldOne.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            synchronized (b)
            {
                bothHoldOne.countDown();
            }
        }
    }

    @Override
    public void echo(final String text)
    {
        sendOut(new MessageObject("echo", "text", text));
    }

    @Override
    public int depth(final java.util.List<?> nested)
    {
        int depth = 0;
        for (Object level = nested; level instanceof java.util.List && !((java.util.List<?>)level).isEmpty();
            level = ((java.util.List<?>)level).get(0))
        {
            depth++;
        }
        return depth;
    }

    @Override
    public void sendDepth(final java.util.List<?> nested)
    {
        sendOut(new MessageObject("depth", "depth", depth(nested)));
    }

    private void journal(final String event)
    {
        if (journal == null)
        {
            return;
        }
        try
        {
            Files.writeString(Path.of(journal), event + " " + ProcessHandle.current().pid() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

package io.tandem.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Copies a child's stdout or stderr into this JVM's {@code System.out} / {@code System.err} as it comes,
 * so backend output reaches the console (and whatever a test put in place of it) in order.
 */
final class OutputPump implements Runnable
{
    private final InputStream from;
    private final Supplier<PrintStream> to;

    private OutputPump(final InputStream from, final Supplier<PrintStream> to)
    {
        this.from = from;
        this.to = to;
    }

    /** Starts a daemon thread pumping {@code from} into the stream {@code to} supplies at each write. */
    static void start(final InputStream from, final Supplier<PrintStream> to, final String threadName)
    {
        final Thread thread = new Thread(null, new OutputPump(from, to), threadName, 64 << 10);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run()
    {
        final byte[] buffer = new byte[8192];
        try (InputStream in = from)
        {
            int n;
            while ((n = in.read(buffer)) >= 0)
            {
                final PrintStream out = to.get();
                // One write per read keeps a child's line whole between other writers' lines.
                synchronized (out)
                {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        }
        catch (final IOException ignored)
        {
            // the child closed its end: it exited
        }
    }
}

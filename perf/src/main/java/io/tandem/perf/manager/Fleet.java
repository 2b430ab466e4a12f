package io.tandem.perf.manager;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.Poller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts N workers, has each answer once through a poller, and reports how long and how big. */
final class Fleet implements AutoCloseable
{
    final List<EchoWorker> workers = new ArrayList<>();
    final Poller poller;
    final double secondsToAllAnswered;

    Fleet(final String prefix, final int count, final ProcessOptions options)
    {
        final long start = System.nanoTime();
        try
        {
            for (int i = 0; i < count; i++)
            {
                final EchoWorker w = new EchoWorker(prefix + i, options);
                w.start(); // returns at once: the JVMs (or threads) boot in parallel
                workers.add(w);
            }
            poller = new Poller();
            for (final EchoWorker w : workers)
            {
                poller.add(w);
                w.backend(Echo.class).echo(1);
            }
            int answered = 0;
            final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (answered < count)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException(answered + " of " + count + " workers answered in 10 minutes");
                }
                for (final MessageProcess p : poller.poll(Duration.ofSeconds(5)).processes())
                {
                    while (p.tryReceive() != null)
                    {
                        answered++;
                    }
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            close();
            throw ex;
        }
        secondsToAllAnswered = (System.nanoTime() - start) / 1e9;
    }

    /** @return the workers' process ids. */
    List<Long> pids()
    {
        final List<Long> pids = new ArrayList<>();
        for (final EchoWorker w : workers)
        {
            pids.add(w.pid());
        }
        return pids;
    }

    @Override
    public void close()
    {
        for (final EchoWorker w : workers)
        {
            w.requestStop();
        }
        for (final EchoWorker w : workers)
        {
            w.close();
        }
        if (poller != null) // null when a start failed
        {
            poller.close();
        }
    }
}

package io.tandem.perf.manager;

import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;
import io.tandem.manager.Poller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(answered + " of " + count + " workers answered in 10 minutes");
            }
            for (final MessageProcess p : poller.poll(Duration.ofSeconds(5)).processes())
            {
                while (p.poll() != null)
                {
                    answered++;
                }
            }
        }
        secondsToAllAnswered = (System.nanoTime() - start) / 1e9;
    }

    /** @return the mean resident set size of the workers' JVMs, MiB. */
    double meanRssMiB()
    {
        return mean(Fleet::rssMiB);
    }

    /** @return the mean of {@code perPid} over the workers' processes. */
    double mean(final java.util.function.LongToDoubleFunction perPid)
    {
        double sum = 0;
        for (final EchoWorker w : workers)
        {
            sum += perPid.applyAsDouble(w.pid());
        }
        return sum / workers.size();
    }

    /** @return the resident set size of process {@code pid}, MiB (0 if it is gone). */
    static double rssMiB(final long pid)
    {
        return kibField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") / 1024.0;
    }

    /**
     * @return the proportional set size of process {@code pid}, MiB: its private pages plus its share of pages
     * mapped by several processes (0 if it is gone).
     */
    static double pssMiB(final long pid)
    {
        return kibField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:") / 1024.0;
    }

    private static long kibField(final Path file, final String field)
    {
        try
        {
            for (final String line : Files.readAllLines(file))
            {
                if (line.startsWith(field))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (final IOException | RuntimeException ignored)
        {
            // gone
        }
        return 0;
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
        poller.close();
    }
}

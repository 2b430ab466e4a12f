package io.tandem.perf.backlog;

import io.tandem.ProcessOptions;
import io.tandem.failure.BacklogFullException;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;
import io.tandem.internal.runtime.RuntimeRoot;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./tandem perf backlog}: a producer ten times faster than its consumer, for 60 s (10 s quick), with
 * default options. The frontend offers 1 KiB blocks at 10x the rate the backend can take them; flow control
 * holds it at the command backlog's limit. A sampler reads the runtime root's file system every 50 ms.
 * <ul>
 *   <li>{@code backlog.tmpfs-peak}: the most tmpfs the run ever took beyond what it started with, MiB;</li>
 *   <li>{@code backlog.tmpfs-bound}: the bound the README states, the backlog limit plus one roll cycle of the
 *       traffic that actually flowed (the consumer's rate times the cycle length) plus the queue's reservation
 *       and pre-created files (2 MiB): the ratio peak/bound must stay at or under 1;</li>
 *   <li>{@code backlog.consumer-rate} and {@code backlog.producer-offered}: blocks per second.</li>
 * </ul>
 * The bound, not a peer, judges this figure: the peer without flow control (a bare Chronicle appender) grows
 * by the producer's rate for as long as it runs, which is what the bound exists to prevent.
 */
public final class BacklogBenchmark implements Benchmark
{
    private static final int BLOCK = 1024;
    /** What the consumer spends on each block: it takes at most 10 000 a second. */
    private static final long CONSUMER_COST_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final int SPEEDUP = 10;
    private static final long QUEUE_RESERVE_BYTES = 2L << 20;

    @Override
    public String name()
    {
        return "backlog";
    }

    @Override
    public String description()
    {
        return "a producer 10x faster than its consumer: peak tmpfs use beside the stated bound (limit + one roll cycle)";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final long seconds = quick ? 10 : 60;
        final ProcessOptions options = ProcessOptions.defaults();
        final FileStore store = Files.getFileStore(RuntimeRoot.ensure(RuntimeRoot.configured()));
        final long before = used(store);
        final long[] peak = {0};
        final AtomicBoolean sampling = new AtomicBoolean(true);
        final Thread sampler = new Thread(() ->
        {
            while (sampling.get())
            {
                peak[0] = Math.max(peak[0], used(store) - before);
                sleepNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }, "tmpfs-sampler");
        final long offered;
        final long taken;
        final long elapsedNanos;
        long waits = 0;
        try (SlowConsumer consumer = new SlowConsumer("slow-consumer", options, CONSUMER_COST_NANOS))
        {
            consumer.start();
            consumer.awaitStarted(Duration.ofSeconds(60));
            sampler.start();
            final Consume commands = consumer.backend(Consume.class);
            final byte[] block = new byte[BLOCK];
            final long interval = CONSUMER_COST_NANOS / SPEEDUP;
            final long start = System.nanoTime();
            final long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long next = start;
            long seq = 0;
            while (System.nanoTime() - end < 0)
            {
                final long beforeSend = System.nanoTime();
                try
                {
                    commands.take(seq, block);
                    seq++;
                }
                catch (final BacklogFullException full)
                {
                    waits++; // waited the whole send timeout: not expected with a live consumer
                }
                if (System.nanoTime() - beforeSend > interval)
                {
                    next = System.nanoTime(); // held by flow control: offer again at once
                }
                else
                {
                    next += interval;
                    while (System.nanoTime() - next < 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            elapsedNanos = System.nanoTime() - start;
            offered = seq;
            taken = consumer.backend(Consume.class, Duration.ofMinutes(2)).taken();
        }
        finally
        {
            sampling.set(false);
            sampler.join();
        }
        final double elapsed = elapsedNanos / 1e9;
        final double consumerRate = taken / elapsed;
        final long cycleMillis = io.tandem.internal.channel.QueueRollCycles.forName(options.rollCycle()).lengthInMillis();
        final double cycleBytes = consumerRate * (BLOCK + 64) * cycleMillis / 1000.0;
        final double boundBytes = options.commandBacklog() + cycleBytes + QUEUE_RESERVE_BYTES;
        System.out.printf(Locale.ROOT, "backlog: %.0f s, offered %d blocks (%.0f/s), consumer took %d (%.0f/s), %d sends timed out; " +
                "peak tmpfs %.1f MiB, bound %.1f MiB = limit %.1f + one %d s cycle %.1f + reserve %.1f%n", elapsed, offered,
            offered / elapsed, taken, consumerRate, waits, peak[0] / 1048576.0, boundBytes / 1048576.0,
            options.commandBacklog() / 1048576.0, cycleMillis / 1000, cycleBytes / 1048576.0, QUEUE_RESERVE_BYTES / 1048576.0);
        if (waits > 0)
        {
            throw new IllegalStateException(waits + " sends gave up after the send timeout with a live consumer");
        }
        final List<Result> results = new ArrayList<>();
        results.add(Result.value("backlog.tmpfs-peak", "MiB", peak[0] / 1048576.0));
        results.add(Result.value("backlog.tmpfs-bound", "MiB", boundBytes / 1048576.0));
        results.add(Result.value("backlog.consumer-rate", "blocks/s", consumerRate));
        results.add(Result.value("backlog.producer-offered", "blocks/s", offered / elapsed));
        return results;
    }

    private static long used(final FileStore store)
    {
        try
        {
            return store.getTotalSpace() - store.getUnallocatedSpace();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static void sleepNanos(final long nanos)
    {
        try
        {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}

package io.tandem.perf.manager;

import io.tandem.ProcessOptions;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tandem perf manager}: 1000 workers in in-JVM mode under one poller: the time from the first
 * start to all having answered, and the cost of one poll over the thousand when all are idle (the doorbell
 * bitmap makes it a read of 16 words), beside a sweep of as many bare Chronicle tailers ({@link TailerSweep}), what
 * polling the reply queues directly costs; and beside the start, as many plain threads answering through bare
 * Chronicle Queues ({@link BareThreadFleet}). The Python original cannot run 1000 (select() runs out of
 * descriptors near 250).
 */
public final class ManagerBenchmark implements Benchmark
{
    @Override
    public String name()
    {
        return "manager";
    }

    @Override
    public String description()
    {
        return "1000 in-JVM workers: start to all answered; ns per idle poll over them";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int count = quick ? 200 : 1000;
        final List<Result> results = new ArrayList<>();
        try (Fleet fleet = new Fleet("thread-", count, ProcessOptions.builder().inJvm().build()))
        {
            results.add(Result.value("spawn." + count + "-threads", "s", fleet.secondsToAllAnswered));
            Thread.sleep(1000);
            final long[] samples = new long[quick ? 20_000 : 200_000];
            for (int i = 0; i < samples.length; i++)
            {
                final long start = System.nanoTime();
                fleet.poller.poll(Duration.ZERO);
                samples[i] = System.nanoTime() - start;
            }
            results.add(Result.latency("poll." + count + "-idle-workers", samples));
        }
        try (BareThreadFleet bare = new BareThreadFleet(count))
        {
            results.add(Result.value("spawn." + count + "-bare-chronicle-threads", "s", bare.secondsToAllAnswered()));
        }
        try (TailerSweep tailers = new TailerSweep(count))
        {
            final long[] samples = new long[quick ? 500 : 5_000];
            for (int i = -samples.length; i < samples.length; i++) // the first half warms up
            {
                final long start = System.nanoTime();
                if (tailers.sweep() != 0)
                {
                    throw new IllegalStateException("an idle queue had a document");
                }
                if (i >= 0)
                {
                    samples[i] = System.nanoTime() - start;
                }
            }
            results.add(Result.latency("poll." + count + "-chronicle-tailers", samples));
        }
        return results;
    }
}

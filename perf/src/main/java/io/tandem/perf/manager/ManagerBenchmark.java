package io.tandem.perf.manager;

import io.tandem.ProcessOptions;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tandem perf manager}: 1000 workers in in-JVM mode under one poller: the time from the first start to all
 * having answered ({@code spawn.1000-threads}), and the cost of one poll over the thousand when all are idle
 * ({@code poll.1000-idle-workers}; the doorbell bitmap makes it a read of 16 words).
 *
 * <p>The peer of both is the usual Chronicle fan-in ({@link ChronicleFanIn}): as many plain threads, each with its
 * own command queue, all answering into one shared reply queue that one tailer reads. Beside the start, the time
 * until that tailer has read every answer ({@code spawn.1000-threads-chronicle-fanin}); beside the poll, one
 * {@code readOne()} of that tailer finding nothing new ({@code poll.1000-workers-chronicle-fanin}). The two fleets
 * are started one after the other and then both stay up (all 2N workers idle in their back-off), and the two polls
 * are timed in alternating blocks (A B A B ...), so each sees the same machine and the same idle threads. Quick runs
 * use 200 workers. The Python original cannot run 1000 (select() runs out of descriptors near 250).
 */
public final class ManagerBenchmark implements Benchmark
{
    /** Polls timed in a row before the other side's turn: long enough that switching costs nothing measurable. */
    private static final int BLOCK = 1_000;

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
            try (ChronicleFanIn fanIn = new ChronicleFanIn(count))
            {
                results.add(Result.value("spawn." + count + "-threads-chronicle-fanin", "s", fanIn.secondsToAllAnswered()));
                Thread.sleep(1000); // both fleets settle into their idle back-off
                final int blocks = quick ? 20 : 200;
                final long[] tandem = new long[blocks * BLOCK];
                final long[] chronicle = new long[blocks * BLOCK];
                for (int b = -blocks / 2; b < blocks; b++) // the first blocks (negative) warm both up and are not kept
                {
                    final int at = Math.max(b, 0) * BLOCK;
                    pollTandem(fleet, tandem, at);
                    pollFanIn(fanIn, chronicle, at);
                }
                results.add(Result.latency("poll." + count + "-idle-workers", tandem));
                results.add(Result.latency("poll." + count + "-workers-chronicle-fanin", chronicle));
            }
        }
        return results;
    }

    private static void pollTandem(final Fleet fleet, final long[] samples, final int at)
    {
        for (int i = at; i < at + BLOCK; i++)
        {
            final long start = System.nanoTime();
            final boolean ready = !fleet.poller.poll(Duration.ZERO).isEmpty();
            samples[i] = System.nanoTime() - start;
            if (ready)
            {
                throw new IllegalStateException("an idle worker had something to say");
            }
        }
    }

    private static void pollFanIn(final ChronicleFanIn fanIn, final long[] samples, final int at)
    {
        for (int i = at; i < at + BLOCK; i++)
        {
            final long start = System.nanoTime();
            final boolean read = fanIn.poll();
            samples[i] = System.nanoTime() - start;
            if (read)
            {
                throw new IllegalStateException("an idle fan-in worker answered");
            }
        }
    }
}

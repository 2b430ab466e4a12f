package io.tandem.perf.sync;

import io.tandem.ProcessOptions;
import io.tandem.idle.WaitMode;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;
import io.tandem.perf.rtt.RttBenchmark;
import io.tandem.sync.SyncIndex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tandem perf sync}: a command whose completion the frontend waits for through a SyncIndex
 * ({@code rtt.tandem-syncindex}), and a call with a result ({@code rtt.tandem-call}), each beside the plain
 * command round trip of the same run ({@code rtt.tandem-command}, see {@link RttBenchmark}). Busy-spin on
 * both sides, interleaved runs. (The Python original: about 139 µs per SyncIndex round trip.)
 */
public final class SyncBenchmark implements Benchmark
{
    @Override
    public String name()
    {
        return "sync";
    }

    @Override
    public String description()
    {
        return "SyncIndex and call round trips beside the command round trip";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int warmup = quick ? 5_000 : 100_000;
        final int samples = quick ? 10_000 : 200_000;
        final int runs = quick ? 1 : 3;
        final List<long[]> command = new ArrayList<>();
        final List<long[]> syncIndex = new ArrayList<>();
        final List<long[]> call = new ArrayList<>();
        for (int r = 0; r < runs; r++)
        {
            command.add(RttBenchmark.tandemCommand(warmup, samples));
            final long[][] both = syncAndCall(warmup, samples);
            syncIndex.add(both[0]);
            call.add(both[1]);
        }
        final List<Result> results = new ArrayList<>();
        results.add(Result.latency("rtt.tandem-command", RttBenchmark.concat(command.toArray(new long[0][]))));
        results.add(Result.latency("rtt.tandem-syncindex", RttBenchmark.concat(syncIndex.toArray(new long[0][]))));
        results.add(Result.latency("rtt.tandem-call", RttBenchmark.concat(call.toArray(new long[0][]))));
        return results;
    }

    private static long[][] syncAndCall(final int warmup, final int samples)
    {
        final ProcessOptions busy = ProcessOptions.builder().waitMode(WaitMode.BUSY_SPIN).build();
        try (SyncBenchProcess p = new SyncBenchProcess("sync-bench", busy))
        {
            p.start();
            p.awaitStarted(Duration.ofSeconds(30));
            final SyncBench bench = p.backend(SyncBench.class);
            final long[] sync = new long[samples];
            for (int i = -warmup; i < samples; i++)
            {
                final long start = System.nanoTime();
                try (SyncIndex index = new SyncIndex(p.eg))
                {
                    bench.touch(index.index());
                }
                if (i >= 0)
                {
                    sync[i] = System.nanoTime() - start;
                }
            }
            final long[] calls = new long[samples];
            for (int i = -warmup; i < samples; i++)
            {
                final long start = System.nanoTime();
                if (bench.echo(i) != i)
                {
                    throw new IllegalStateException("wrong answer");
                }
                if (i >= 0)
                {
                    calls[i] = System.nanoTime() - start;
                }
            }
            p.stop();
            return new long[][] {sync, calls};
        }
    }
}

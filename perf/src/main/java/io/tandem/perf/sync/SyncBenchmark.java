package io.tandem.perf.sync;

import io.tandem.ProcessOptions;
import io.tandem.idle.WaitMode;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;
import io.tandem.perf.CodegenProbe;
import io.tandem.perf.Warmup;
import io.tandem.perf.rtt.RoundTrip;
import io.tandem.perf.rtt.RttBenchmark;
import io.tandem.sync.SyncIndex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tandem perf sync}: in one backend pair, three ways to have the backend do something and know it is done:
 * a command answered by a typed reply ({@code rtt.tandem-command}, as in {@link RttBenchmark}), a command whose
 * completion the frontend waits for through a SyncIndex ({@code rtt.tandem-syncindex}), and a call with a result
 * ({@code rtt.tandem-call}). Busy-spin on both sides; the three take turns in blocks, the order rotating
 * (A B C, B C A, ...), after a warm-up of all three that lasts until code generation is done on both sides. (The
 * Python original: about 139 µs per SyncIndex round trip.)
 */
public final class SyncBenchmark implements Benchmark
{
    private static final List<String> NAMES = List.of("rtt.tandem-command", "rtt.tandem-syncindex", "rtt.tandem-call");

    @Override
    public String name()
    {
        return "sync";
    }

    @Override
    public String description()
    {
        return "command, SyncIndex and call round trips, interleaved in one backend pair";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int warmup = quick ? 5_000 : 50_000;
        final int blocks = quick ? 3 : 9;
        final int perBlock = (quick ? 10_000 : 600_000) / blocks;
        final ProcessOptions busy = ProcessOptions.builder().waitMode(WaitMode.BUSY_SPIN).build();
        final List<List<long[]>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (SyncBenchProcess p = new SyncBenchProcess("sync-bench", busy))
        {
            p.start();
            p.awaitStarted(Duration.ofSeconds(30));
            final Ways ways = new Ways(p);
            final CodegenProbe probe = p.backend(CodegenProbe.class);
            Warmup.untilSettled(() ->
            {
                ways.command();
                ways.syncIndex();
                ways.call();
            }, warmup, probe::codegenSettled);
            for (int b = 0; b < blocks; b++)
            {
                for (int k = 0; k < NAMES.size(); k++)
                {
                    final int which = (b + k) % NAMES.size();
                    samples.get(which).add(ways.time(which, perBlock));
                }
            }
            p.stop();
        }
        final List<Result> results = new ArrayList<>();
        for (int k = 0; k < NAMES.size(); k++)
        {
            results.add(Result.latency(NAMES.get(k), RttBenchmark.concat(samples.get(k).toArray(new long[0][]))));
        }
        return results;
    }

    /** The three round trips on one process. */
    private static final class Ways
    {
        private final SyncBenchProcess process;
        private final SyncBench bench;
        private final RoundTrip command;
        private long value;

        Ways(final SyncBenchProcess process)
        {
            this.process = process;
            this.bench = process.backend(SyncBench.class);
            this.command = RoundTrip.command(process, () -> { }); // the process is closed by the benchmark
        }

        void command() throws Exception
        {
            command.roundTrip(++value);
        }

        void syncIndex()
        {
            try (SyncIndex index = new SyncIndex(process.eg))
            {
                bench.touch(index.index());
            }
        }

        void call()
        {
            final long v = ++value;
            if (bench.echo(v) != v)
            {
                throw new IllegalStateException("wrong answer");
            }
        }

        long[] time(final int which, final int count) throws Exception
        {
            final long[] out = new long[count];
            for (int i = 0; i < count; i++)
            {
                final long start = System.nanoTime();
                switch (which)
                {
                    case 0:
                        command();
                        break;
                    case 1:
                        syncIndex();
                        break;
                    default:
                        call();
                        break;
                }
                out[i] = System.nanoTime() - start;
            }
            return out;
        }
    }
}

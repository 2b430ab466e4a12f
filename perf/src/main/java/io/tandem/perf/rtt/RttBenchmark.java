package io.tandem.perf.rtt;

import io.tandem.perf.Benchmark;
import io.tandem.perf.FixedRateSampler;
import io.tandem.perf.Result;
import io.tandem.perf.spawn.StartupFigures;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tandem perf rtt}: the round trip of a small command, frontend to backend and back, in the same
 * run beside its two baselines, each between two processes, all busy-spinning:
 * <ul>
 *   <li>{@code rtt.raw-shm}: a counter ping-ponged through one mapped file, the physical floor;</li>
 *   <li>{@code rtt.chronicle-queue}: a Chronicle method writer and reader on two queues, what Tandem's commands
 *       are made of;</li>
 *   <li>{@code rtt.tandem-command}: {@code backend(Ping.class).ping(v)} answered by a typed {@code pong(v)}.</li>
 * </ul>
 * The three are measured in interleaved runs (A B C A B C ...) so drift on a shared machine hits each
 * alike; samples are one per round trip after warm-up. Also {@code spawn.one} (start() to the first reply,
 * median of several) beside a bare Chronicle worker JVM and an empty JVM started the same way, and
 * {@code idle-cpu.backend} (an idle backend in the default wait mode, % of a core) beside a bare Chronicle
 * worker waiting with Chronicle's balanced pauser (see {@link BareJvm}).
 */
public final class RttBenchmark implements Benchmark
{
    /**
     * Round trips a second offered in the fixed-rate runs: well below what the closed loop sustains, so the
     * tail shows stalls, not a saturated peer. The "late" count of each result says when even this was not
     * kept up (a busy-spinning peer descheduled on the shared 2-core machine).
     */
    private static final int FIXED_RATE = 2_000;

    @Override
    public String name()
    {
        return "rtt";
    }

    @Override
    public String description()
    {
        return "command round trip beside raw shared memory and bare Chronicle Queue; spawn time; idle CPU";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final int warmup = quick ? 5_000 : 100_000;
        final int samples = quick ? 10_000 : 200_000;
        final int runs = quick ? 1 : 3;
        final long[][] raw = new long[runs][];
        final long[][] chronicle = new long[runs][];
        final long[][] tandem = new long[runs][];
        for (int r = 0; r < runs; r++)
        {
            try (RoundTrip trip = RoundTrip.rawShm("closed"))
            {
                raw[r] = RoundTrip.closedLoop(trip, warmup, samples);
            }
            try (RoundTrip trip = RoundTrip.chronicleQueue("closed"))
            {
                chronicle[r] = RoundTrip.closedLoop(trip, warmup, samples);
            }
            tandem[r] = tandemCommand(warmup, samples);
        }
        final List<Result> results = new ArrayList<>();
        results.add(Result.latency("rtt.raw-shm", concat(raw)));
        results.add(Result.latency("rtt.chronicle-queue", concat(chronicle)));
        results.add(Result.latency("rtt.tandem-command", concat(tandem)));
        // Open loop at a fixed rate, each sample timed from its intended send time: a stall is charged to every
        // round trip queued behind it (coordinated omission accounted for), which the closed loop cannot show.
        final FixedRateSampler atRate = FixedRateSampler.perSecond(FIXED_RATE);
        // Long enough (5 s at 2000/s) for a fresh backend to have generated its reader and writer (see Codegen):
        // the figure is the steady state's, not javac's.
        final int fixedWarmup = 10_000; // quick runs too: a figure taken while javac runs beside it says nothing
        final int fixedSamples = quick ? 4_000 : 40_000;
        try (RoundTrip trip = RoundTrip.rawShm("rate"))
        {
            results.add(atRate.run(fixedWarmup, fixedSamples, i -> trip.roundTrip(i + fixedWarmup + 1L)).result("rtt.raw-shm@2k"));
        }
        try (RoundTrip trip = RoundTrip.chronicleQueue("rate"))
        {
            results.add(atRate.run(fixedWarmup, fixedSamples, i -> trip.roundTrip(i + fixedWarmup + 1L))
                .result("rtt.chronicle-queue@2k"));
        }
        try (RoundTrip trip = RoundTrip.tandemCommand("rate"))
        {
            results.add(atRate.run(fixedWarmup, fixedSamples, i -> trip.roundTrip(i + fixedWarmup + 1L))
                .result("rtt.tandem-command@2k"));
        }
        results.addAll(StartupFigures.spawnOne(quick ? 3 : 7));
        results.addAll(StartupFigures.idleCpu(quick ? 3 : 10));
        return results;
    }

    /** @return closed-loop samples of the Tandem command round trip (also the sync benchmark's reference). */
    public static long[] tandemCommand(final int warmup, final int samples) throws Exception
    {
        try (RoundTrip trip = RoundTrip.tandemCommand("closed"))
        {
            return RoundTrip.closedLoop(trip, warmup, samples);
        }
    }

    public static long[] concat(final long[][] runs)
    {
        int n = 0;
        for (final long[] r : runs)
        {
            n += r.length;
        }
        final long[] all = new long[n];
        int at = 0;
        for (final long[] r : runs)
        {
            System.arraycopy(r, 0, all, at, r.length);
            at += r.length;
        }
        return all;
    }
}

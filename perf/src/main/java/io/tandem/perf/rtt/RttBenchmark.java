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
 * The three are measured in interleaved runs (A B C, B C A, C A B: none always first) so drift on a shared machine
 * hits each alike; samples are one per round trip after a warm-up that lasts until Tandem's background code
 * generation is done on both sides ({@link io.tandem.perf.Warmup}). The same three at a fixed rate of 2000 a second
 * ({@code @2k}), interleaved the same way. Also the start-up and idle figures of one backend beside bare Chronicle
 * worker JVMs started the same way (see {@link StartupFigures}; on a JDK 24+ beside this one: in {@code spawn}).
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
        final List<String> names = List.of("rtt.raw-shm", "rtt.chronicle-queue", "rtt.tandem-command");
        final List<List<long[]>> closed = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < runs; r++)
        {
            for (int k = 0; k < names.size(); k++)
            {
                final int which = (r + k) % names.size(); // A B C, then B C A, ...: no alternative always first
                try (RoundTrip trip = open(which, "closed"))
                {
                    closed.get(which).add(RoundTrip.closedLoop(trip, warmup, samples));
                }
            }
        }
        final List<Result> results = new ArrayList<>();
        for (int k = 0; k < names.size(); k++)
        {
            results.add(Result.latency(names.get(k), concat(closed.get(k).toArray(new long[0][]))));
        }
        // Open loop at a fixed rate, each sample timed from its intended send time: a stall is charged to every
        // round trip queued behind it (coordinated omission accounted for), which the closed loop cannot show. The
        // three alternate in rounds, as the closed loops do; each warms up at the rate until its code is generated.
        final FixedRateSampler atRate = FixedRateSampler.perSecond(FIXED_RATE);
        final int rounds = quick ? 1 : 3;
        final int perRound = (quick ? 4_000 : 40_000) / rounds;
        final List<List<FixedRateSampler.Samples>> fixed = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < names.size(); k++)
            {
                final int which = (r + k) % names.size();
                try (RoundTrip trip = open(which, "rate"))
                {
                    fixed.get(which).add(RoundTrip.atRate(trip, atRate, quick ? 2_000 : 4_000, perRound));
                }
            }
        }
        for (int k = 0; k < names.size(); k++)
        {
            results.add(FixedRateSampler.Samples.merge(fixed.get(k)).result(names.get(k) + "@2k"));
        }
        results.addAll(StartupFigures.spawnOne(quick ? 3 : 7));
        results.addAll(StartupFigures.idleCpu(quick ? 3 : 10));
        return results;
    }

    /** @return round trip {@code which}: 0 raw shared memory, 1 bare Chronicle Queue, 2 a Tandem command. */
    private static RoundTrip open(final int which, final String tag) throws Exception
    {
        switch (which)
        {
            case 0:
                return RoundTrip.rawShm(tag);
            case 1:
                return RoundTrip.chronicleQueue(tag);
            default:
                return RoundTrip.tandemCommand(tag);
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

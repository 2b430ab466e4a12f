package io.tandem.perf.rtt;

import io.tandem.MessageObject;
import io.tandem.ProcessOptions;
import io.tandem.perf.Benchmark;
import io.tandem.perf.FixedRateSampler;
import io.tandem.perf.ProcessStats;
import io.tandem.perf.Result;
import io.tandem.perf.spawn.BareJvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final Duration WAIT = Duration.ofSeconds(30);
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
        results.addAll(spawnOne(quick ? 3 : 7));
        results.addAll(idleCpu(quick ? 3 : 10));
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

    /**
     * @return {@code spawn.one}, the median over {@code count} processes of ms from start() to the first reply,
     * and beside it, interleaved (A B C A B C ...), a bare Chronicle worker JVM started the same way from its
     * queues' creation to its first answer ({@code spawn.jvm-chronicle}) and an empty JVM ({@code spawn.jvm}).
     */
    static List<Result> spawnOne(final int count) throws Exception
    {
        final double[] tandem = new double[count];
        final double[] chronicle = new double[count];
        final double[] empty = new double[count];
        BareJvm.prepare();
        for (int i = 0; i < count; i++)
        {
            try (PingPongProcess p = new PingPongProcess("spawn-" + i, ProcessOptions.defaults()))
            {
                final long start = System.nanoTime();
                p.start();
                p.backend(Hello.class).hello();
                final MessageObject reply = p.receive(WAIT);
                tandem[i] = (System.nanoTime() - start) / 1e6;
                if (!reply.name().equals("hello"))
                {
                    throw new IllegalStateException("unexpected reply " + reply);
                }
            }
            final long start = System.nanoTime();
            try (BareJvm bare = BareJvm.chronicle("spawn-" + i, List.of()))
            {
                bare.awaitAnswer(WAIT);
                chronicle[i] = (System.nanoTime() - start) / 1e6;
            }
            empty[i] = BareJvm.emptyMillis();
        }
        System.out.println("spawn.one runs (ms): " + Arrays.toString(sorted(tandem)));
        System.out.println("spawn.jvm-chronicle runs (ms): " + Arrays.toString(sorted(chronicle)));
        System.out.println("spawn.jvm runs (ms): " + Arrays.toString(sorted(empty)));
        return List.of(
            Result.value("spawn.one", "ms", sorted(tandem)[count / 2]),
            Result.value("spawn.jvm-chronicle", "ms", sorted(chronicle)[count / 2]),
            Result.value("spawn.jvm", "ms", sorted(empty)[count / 2]));
    }

    private static double[] sorted(final double[] values)
    {
        final double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * @return {@code idle-cpu.backend}, the percent of one core an idle backend uses in the default (back-off)
     * wait mode, and beside it {@code idle-cpu.chronicle-pauser}, a bare Chronicle worker waiting with
     * Chronicle's balanced pauser: both idle side by side, measured over the same {@code seconds} after 5 s for
     * start-up work (class loading, JIT compiles of the loop) to finish.
     */
    static List<Result> idleCpu(final int seconds) throws Exception
    {
        try (PingPongProcess p = new PingPongProcess("idle", ProcessOptions.defaults());
             BareJvm bare = BareJvm.chronicle("idle", List.of()))
        {
            p.start();
            p.backend(Hello.class).hello();
            p.receive(WAIT);
            bare.awaitAnswer(WAIT);
            Thread.sleep(5_000);
            final long backendBefore = ProcessStats.cpuNanos(p.pid());
            final long bareBefore = ProcessStats.cpuNanos(bare.pid());
            final long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            final double elapsed = System.nanoTime() - start;
            return List.of(
                Result.value("idle-cpu.backend", "%", 100.0 * (ProcessStats.cpuNanos(p.pid()) - backendBefore) / elapsed),
                Result.value("idle-cpu.chronicle-pauser", "%", 100.0 * (ProcessStats.cpuNanos(bare.pid()) - bareBefore) / elapsed));
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

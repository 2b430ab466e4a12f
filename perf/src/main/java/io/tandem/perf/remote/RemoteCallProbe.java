package io.tandem.perf.remote;

import io.tandem.perf.Result;
import io.tandem.perf.rtt.RoundTrip;

import java.util.Arrays;
import java.util.Locale;

/**
 * A focused look at the remote round trip while tuning its wait paths: Aeron's ping-pong and the Tandem call, taking
 * turns for {@code ROUNDS} rounds of {@code SAMPLES} timed round trips (after as many untimed), printing p50/p90/p99
 * of each round. Not a benchmark of record ({@code ./tandem perf remote} is).
 *
 * <p>Arguments: {@code [ROUNDS [SAMPLES [both|tandem|aeron|idle]]]}, default 3, 5000 and both; {@code idle}: SAMPLES calls, then
 * the CPU each JVM of an idle remote process uses over 10 s.
 */
public final class RemoteCallProbe
{
    private RemoteCallProbe()
    {
    }

    /** CPU used over 10 s by the frontend (this JVM), the node and the backend JVM of one idle remote process. */
    private static void idle(final int calls) throws Exception
    {
        try (TandemRemoteCall trip = (TandemRemoteCall)TandemRemoteCall.open("idle"))
        {
            for (int i = 0; i < calls; i++)
            {
                trip.roundTrip(i);
            }
            Thread.sleep(2_000); // the calls' spinning and the JIT settle
            final long[] pids = {ProcessHandle.current().pid(), trip.nodePid(), trip.backendPid()};
            final long[] before = new long[pids.length];
            for (int i = 0; i < pids.length; i++)
            {
                before[i] = cpuNanos(pids[i]);
            }
            final long start = System.nanoTime();
            Thread.sleep(10_000);
            final double seconds = (System.nanoTime() - start) / 1e9;
            final String[] names = {"frontend", "node", "backend"};
            for (int i = 0; i < pids.length; i++)
            {
                System.out.printf(Locale.ROOT, "idle %-8s pid %d: %.2f%% of a core over %.0f s%n", names[i], pids[i],
                    100.0 * (cpuNanos(pids[i]) - before[i]) / 1e9 / seconds, seconds);
            }
        }
    }

    /** The process's CPU time (user and system, 10 ms ticks: 0.1% of a core over 10 s), exited threads included. */
    private static long cpuNanos(final long pid)
    {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElseThrow().toNanos();
    }

    public static void main(final String[] args) throws Exception
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int samples = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        final String only = args.length > 2 ? args[2] : "both";
        if (only.equals("idle"))
        {
            idle(samples);
            return;
        }
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < 2; k++)
            {
                final boolean tandem = (round + k) % 2 == 1;
                if (!only.equals("both") && only.equals("tandem") != tandem)
                {
                    continue;
                }
                try (RoundTrip trip = tandem ? TandemRemoteCall.open("probe-" + round) : AeronPingPong.open("probe-" + round))
                {
                    final long[] s = RoundTrip.closedLoop(trip, samples, samples);
                    Arrays.sort(s);
                    System.out.printf(Locale.ROOT, "round %d %-12s p50 %8.1f us  p90 %8.1f us  p99 %8.1f us%n", round + 1,
                        tandem ? "tandem-call" : "aeron", Result.percentile(s, 50) / 1e3, Result.percentile(s, 90) / 1e3,
                        Result.percentile(s, 99) / 1e3);
                }
            }
        }
    }
}

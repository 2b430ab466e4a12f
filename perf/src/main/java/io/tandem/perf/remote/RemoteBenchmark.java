package io.tandem.perf.remote;

import io.aeron.AeronVersion;
import io.tandem.perf.Benchmark;
import io.tandem.perf.Result;
import io.tandem.perf.rtt.RoundTrip;
import io.tandem.perf.rtt.RttBenchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tandem perf remote}: Tandem across hosts (over loopback UDP here) beside bare Aeron measured in the same
 * run, each between two JVMs, the alternatives taking turns round by round (A B, then B A: neither always first):
 * <ul>
 *   <li>{@code remote.rtt.tandem-call}: a call {@code int echo(int)} on a remote process, this JVM the frontend, the
 *       backend run by a node in a peer JVM; beside {@code remote.rtt.aeron}, Aeron's ping-pong of 32-byte messages
 *       ({@link AeronPingPong}). One sample per round trip after warm-up. Target: at most 1.3x at p50.</li>
 *   <li>{@code remote.64B.tandem-ring} and {@code remote.1MiB.tandem-ring}: a ring's messages from a sender JVM to a
 *       receiver JVM, msg/s (and {@code -bytes}, MB/s of payload); beside {@code remote.64B.aeron} and
 *       {@code remote.1MiB.aeron}, a publisher and a subscriber JVM ({@link AeronStream}). Windows of messages, the
 *       first ones warm-up; the median of the measured windows with their spread. Target: at least 0.8x.</li>
 * </ul>
 * Aeron runs as its users run it (see {@link AeronMedia} and {@link AeronPeer}): embedded drivers in
 * {@code SHARED} mode with their default idle strategy, default term lengths, the application threads waiting with the
 * samples' busy spin where there is a core for each busy thread and with Aeron's backoff where there is not (printed).
 *
 * <p>The Tandem side is given by {@link #withTandem} ({@code PerfMain} gives {@link TandemRemoteCall} and
 * {@link TandemRemoteRing}); {@link #RemoteBenchmark()} measures and records the baselines alone, and says so. On a two-core machine every figure here shares the cores: each JVM has a driver thread beside
 * its application thread.
 *
 * <pre>{@code
 * new RemoteBenchmark()                                          // Aeron's figures only
 * RemoteBenchmark.withTandem(TandemRemoteCall::open, TandemRemoteRing::open)   // the Tandem call and ring beside them
 * }</pre>
 */
public final class RemoteBenchmark implements Benchmark
{
    /** The result names, in one place for the table of baselines and the console. */
    public static final String RTT_AERON = "remote.rtt.aeron";
    public static final String RTT_TANDEM = "remote.rtt.tandem-call";
    static final String AERON = "aeron";
    static final String TANDEM_RING = "tandem-ring";
    static final int SMALL = 64;
    static final int LARGE = 1 << 20;
    /** The targets of issue 16: the Tandem call at most this many times Aeron's ping-pong at p50 ... */
    static final double RTT_TARGET = 1.3;
    /** ... and the remote ring at least this fraction of bare Aeron's throughput. */
    static final double THROUGHPUT_TARGET = 0.8;

    private final Plan fixedPlan;
    private final RemoteCallWorkload tandemCall;
    private final RemoteRingWorkload tandemRing;

    /** The baselines alone: the Tandem side is not plugged in. */
    public RemoteBenchmark()
    {
        this(null, null, null);
    }

    /**
     * @param plan       how much to measure whatever {@code quick} says, or null for {@link Plan#of(boolean)}.
     * @param tandemCall the Tandem round trip, or null to leave it out (said on the console).
     * @param tandemRing the Tandem ring stream, or null to leave it out (said on the console).
     */
    public RemoteBenchmark(final Plan plan, final RemoteCallWorkload tandemCall, final RemoteRingWorkload tandemRing)
    {
        this.fixedPlan = plan;
        this.tandemCall = tandemCall;
        this.tandemRing = tandemRing;
    }

    /** @return the benchmark with the Tandem side given (either may be null: that part is left out and said so). */
    public static RemoteBenchmark withTandem(final RemoteCallWorkload tandemCall, final RemoteRingWorkload tandemRing)
    {
        return new RemoteBenchmark(null, tandemCall, tandemRing);
    }

    @Override
    public String name()
    {
        return "remote";
    }

    @Override
    public String description()
    {
        return "across hosts over loopback UDP: remote call round trip beside Aeron's ping-pong, remote ring beside bare Aeron throughput";
    }

    @Override
    public List<Result> run(final boolean quick) throws Exception
    {
        final Plan plan = fixedPlan != null ? fixedPlan : Plan.of(quick);
        if (tandemCall == null || tandemRing == null)
        {
            System.out.println("remote: the Tandem side is not plugged in (" +
                (tandemCall == null ? "no remote call" : "") + (tandemCall == null && tandemRing == null ? ", " : "") +
                (tandemRing == null ? "no remote ring" : "") + "): those are not measured, their baselines are, alone, without ratios");
        }
        System.out.println("remote: Aeron " + AeronVersion.VERSION +
            ", embedded drivers in SHARED mode, application threads idling with " + AeronMedia.idleStrategyName());
        final List<Result> results = new ArrayList<>(roundTrips(plan));
        results.addAll(throughput(plan, SMALL, plan.smallWindow));
        results.addAll(throughput(plan, LARGE, plan.largeWindow));
        return results;
    }

    /** Aeron's ping-pong and (when given) the Tandem call, round by round, the order turning each round. */
    private List<Result> roundTrips(final Plan plan) throws Exception
    {
        final Map<String, RemoteCallWorkload> alternatives = new LinkedHashMap<>();
        alternatives.put(RTT_AERON, AeronPingPong::open);
        if (tandemCall != null)
        {
            alternatives.put(RTT_TANDEM, tandemCall);
        }
        final List<String> names = new ArrayList<>(alternatives.keySet());
        final Map<String, List<long[]>> samples = new LinkedHashMap<>();
        for (int round = 0; round < plan.rounds; round++)
        {
            for (int k = 0; k < names.size(); k++)
            {
                final String name = names.get((round + k) % names.size());
                try (RoundTrip trip = alternatives.get(name).open("rtt-" + round))
                {
                    final long[] s = RoundTrip.closedLoop(trip, plan.rttWarmup, plan.rttSamples);
                    samples.computeIfAbsent(name, n -> new ArrayList<>()).add(s);
                    final long[] sorted = s.clone();
                    Arrays.sort(sorted);
                    System.out.printf(Locale.ROOT, "  rtt round %d %-24s p50 %8.1f us  p99 %8.1f us%n", round + 1, name,
                        Result.percentile(sorted, 50) / 1e3, Result.percentile(sorted, 99) / 1e3);
                }
            }
        }
        final List<Result> results = new ArrayList<>();
        for (final String name : names)
        {
            results.add(Result.latency(name, RttBenchmark.concat(samples.get(name).toArray(new long[0][]))));
        }
        if (results.size() == 2)
        {
            final double ratio = results.get(1).get("p50") / results.get(0).get("p50");
            System.out.printf(Locale.ROOT, "remote rtt p50 tandem-call/aeron %.2f (target <= %.1f)%s%n", ratio, RTT_TARGET,
                ratio <= RTT_TARGET ? "" : "  MISSED");
        }
        return results;
    }

    /**
     * Bare Aeron and (when given) the Tandem ring at one message size, round by round, fresh peers each round, the
     * order turning each round.
     */
    private List<Result> throughput(final Plan plan, final int size, final long window) throws Exception
    {
        final String label = size == SMALL ? "64B" : "1MiB";
        final Map<String, RemoteRingWorkload> alternatives = new LinkedHashMap<>();
        alternatives.put(AERON, AeronStream::open);
        if (tandemRing != null)
        {
            alternatives.put(TANDEM_RING, tandemRing);
        }
        final List<String> names = new ArrayList<>(alternatives.keySet());
        final Map<String, List<Double>> rates = new LinkedHashMap<>();
        final Map<String, List<Double>> roundMedians = new LinkedHashMap<>();
        for (int round = 0; round < plan.rounds; round++)
        {
            for (int k = 0; k < names.size(); k++)
            {
                final String name = names.get((round + k) % names.size());
                final List<Double> measured = new ArrayList<>();
                try (RemoteStream stream = alternatives.get(name).open(size, label + "-" + round))
                {
                    for (int w = 0; w < plan.warmupWindows; w++)
                    {
                        stream.window(window);
                    }
                    for (int w = 0; w < plan.measuredWindows; w++)
                    {
                        measured.add(stream.window(window));
                    }
                }
                rates.computeIfAbsent(name, n -> new ArrayList<>()).addAll(measured);
                final double median = median(measured);
                roundMedians.computeIfAbsent(name, n -> new ArrayList<>()).add(median);
                System.out.printf(Locale.ROOT, "  %s round %d %-12s %,14.0f msg/s %10.1f MB/s (median of %d windows of %,d)%n", label,
                    round + 1, name, median, median * size / 1e6, measured.size(), window);
            }
        }
        final List<Result> results = new ArrayList<>();
        for (final String name : names)
        {
            final double[] perSecond = rates.get(name).stream().mapToDouble(Double::doubleValue).toArray();
            final double[] megabytes = rates.get(name).stream().mapToDouble(r -> r * size / 1e6).toArray();
            results.add(Result.rate("remote." + label + "." + name, "msg/s", perSecond));
            results.add(Result.rate("remote." + label + "." + name + "-bytes", "MB/s", megabytes));
        }
        if (names.size() == 2)
        {
            final List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < plan.rounds; round++)
            {
                ratios.add(roundMedians.get(TANDEM_RING).get(round) / roundMedians.get(AERON).get(round));
            }
            final double ratio = median(ratios);
            System.out.printf(Locale.ROOT, "remote %s tandem-ring/aeron %.2f, median of %d rounds (target >= %.1f)%s%n", label, ratio,
                ratios.size(), THROUGHPUT_TARGET, ratio >= THROUGHPUT_TARGET ? "" : "  MISSED");
        }
        return results;
    }

    static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return Result.quantile(sorted, 0.5);
    }

    /**
     * How much {@code ./tandem perf remote} measures: rounds (each alternative once per round, fresh peers), round
     * trips per round, and windows of messages per round for each size.
     *
     * <pre>{@code
     * new RemoteBenchmark(new Plan(1, 1_000, 2_000, 20_000, 20, 1, 2), null, null)   // a test's few thousand messages
     * }</pre>
     */
    public static final class Plan
    {
        final int rounds;
        final int rttWarmup;
        final int rttSamples;
        final long smallWindow;
        final long largeWindow;
        final int warmupWindows;
        final int measuredWindows;

        /**
         * @param rounds          times each alternative is opened and measured, the order turning each time.
         * @param rttWarmup       untimed round trips before the timed ones, each round.
         * @param rttSamples      timed round trips, each round.
         * @param smallWindow     64-byte messages per window.
         * @param largeWindow     1 MiB messages per window.
         * @param warmupWindows   untimed windows at the start of each round.
         * @param measuredWindows timed windows after them.
         */
        public Plan(final int rounds, final int rttWarmup, final int rttSamples, final long smallWindow, final long largeWindow,
            final int warmupWindows, final int measuredWindows)
        {
            if (rounds < 1 || rttWarmup < 0 || rttSamples < 1 || smallWindow < 2 || largeWindow < 2 || warmupWindows < 0 ||
                measuredWindows < 1)
            {
                throw new IllegalArgumentException("a plan needs at least 1 round, 1 timed round trip, 1 timed window and " +
                    "2 messages a window: rounds " + rounds + ", rttWarmup " + rttWarmup + ", rttSamples " + rttSamples +
                    ", smallWindow " + smallWindow + ", largeWindow " + largeWindow + ", warmupWindows " + warmupWindows +
                    ", measuredWindows " + measuredWindows);
            }
            this.rounds = rounds;
            this.rttWarmup = rttWarmup;
            this.rttSamples = rttSamples;
            this.smallWindow = smallWindow;
            this.largeWindow = largeWindow;
            this.warmupWindows = warmupWindows;
            this.measuredWindows = measuredWindows;
        }

        /** @return the full run (3 rounds, about a second a window), or the quick one (1 round, short windows). */
        public static Plan of(final boolean quick)
        {
            return quick ? new Plan(1, 5_000, 10_000, 200_000, 100, 1, 2) : new Plan(3, 50_000, 100_000, 2_000_000, 1_000, 2, 4);
        }
    }
}

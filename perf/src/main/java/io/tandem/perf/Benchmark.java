package io.tandem.perf;

import java.util.List;

/**
 * A benchmark program: measures Tandem and its baselines in the same run and returns the figures.
 * Registered by name in {@link PerfMain}; run with {@code ./tandem perf <name>}.
 *
 * <pre>{@code
 * public List<Result> run(boolean quick) throws Exception
 * {
 *     return List.of(
 *         Result.latency("rtt.raw-shm", rawSamplesNs),                        // closed loop, one sample per round trip
 *         Result.latency("rtt.tandem-command", tandemSamplesNs),              // compared to rtt.raw-shm by Baselines
 *         FixedRateSampler.perSecond(10_000).run(5_000, 20_000, op).result("rtt.tandem-command@10k"),
 *         Result.rate("ring.64B.tandem", "msg/s", perWindowRates),            // median of repeats, with their spread
 *         Result.value("spawn.one", "ms", medianMs));
 * }
 * }</pre>
 * Which result is compared to which lives in one table, {@link Baselines} (or {@link Result#withBaselines}); the
 * harness keeps only baselines this same run returned, computes the ratios, prints the table and writes the JSON
 * and the report. A benchmark prints what else it wants (per-round figures, targets) on stdout.
 */
public interface Benchmark
{
    /** @return the name on the command line, e.g. {@code rtt}. */
    String name();

    /** @return one line saying what it measures and beside which baseline. */
    String description();

    /**
     * Runs the benchmark.
     *
     * @param quick a short run (smoke test) instead of the full one.
     * @return every figure measured, baselines included.
     */
    List<Result> run(boolean quick) throws Exception;
}

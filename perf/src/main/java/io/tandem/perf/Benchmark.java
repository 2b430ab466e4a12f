package io.tandem.perf;

import java.util.List;

/**
 * A benchmark program: measures Tandem and its baselines in the same run and returns the figures.
 * Registered by name in {@link PerfMain}; run with {@code ./tandem perf <name>}.
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

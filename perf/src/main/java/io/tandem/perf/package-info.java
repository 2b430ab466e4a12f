/**
 * The benchmark harness ({@code ./tandem perf}): {@link io.tandem.perf.PerfMain} runs the benchmarks,
 * {@link io.tandem.perf.Baselines} says which figure is compared to which (only peers measured in the same run),
 * {@link io.tandem.perf.Result} and {@link io.tandem.perf.ResultsFile} hold the figures,
 * {@link io.tandem.perf.HtmlReport} draws them, {@link io.tandem.perf.Compare} sets two runs side by side;
 * {@link io.tandem.perf.FixedRateSampler} times from intended send times, {@link io.tandem.perf.Warmup} lasts until
 * code generation has settled. Each sub-package is one benchmark with the peers of its baselines.
 */
package io.tandem.perf;

package io.tandem.perf;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The console table of one benchmark's filed results: latencies with their percentiles, then single figures
 * with their spread, each followed by its ratio to each baseline measured in the same run.
 *
 * <pre>{@code
 * latency                      p50      p90      p99    p99.9      max        n  vs baseline: p50 (p99)
 * rtt.raw-shm               391 ns   531 ns   662 ns  3.85 us  8.08 ms    30000  (baseline)
 * rtt.tandem-command       3.32 us  5.92 us  47.9 us  15.2 ms   138 ms    30000  1.86x (0.037x) rtt.chronicle-queue; ...
 * }</pre>
 */
final class ConsoleTable
{
    private ConsoleTable()
    {
    }

    static void print(final List<Result> results, final PrintStream out)
    {
        final Set<String> baselines = new HashSet<>();
        int width = 24;
        for (final Result r : results)
        {
            baselines.addAll(r.baselines());
            width = Math.max(width, r.name().length() + 2);
        }
        final String nameColumn = "%-" + width + "s";
        if (results.stream().anyMatch(Result::isLatency))
        {
            out.printf(Locale.ROOT, nameColumn + "%9s %9s %9s %9s %9s %9s  %s%n",
                "latency", "p50", "p90", "p99", "p99.9", "max", "n", "vs baseline: p50 (p99)");
            for (final Result r : results)
            {
                if (r.isLatency())
                {
                    out.printf(Locale.ROOT, nameColumn + "%9s %9s %9s %9s %9s %9.0f  %s%n", r.name(),
                        Units.latency(r.get("p50"), true), Units.latency(r.get("p90"), true), Units.latency(r.get("p99"), true),
                        Units.latency(r.get("p999"), true), Units.latency(r.get("max"), true), r.get("n"),
                        comparison(r, baselines));
                }
            }
        }
        if (results.stream().anyMatch(r -> !r.isLatency()))
        {
            out.printf(Locale.ROOT, nameColumn + "%16s  %-30s %5s  %s%n", "figure", "value", "spread: min..max (q1..q3)", "n", "vs baseline");
            for (final Result r : results)
            {
                if (!r.isLatency())
                {
                    out.printf(Locale.ROOT, nameColumn + "%16s  %-30s %5s  %s%n", r.name(),
                        Units.value(r.get("value"), r.unit(), true), spread(r), r.has("n") ? String.format(Locale.ROOT, "%.0f", r.get("n")) : "",
                        comparison(r, baselines));
                }
            }
        }
    }

    private static String spread(final Result r)
    {
        if (!r.hasSpread())
        {
            return "";
        }
        final String range = Units.value(r.get("min"), "", true).trim() + ".." + Units.value(r.get("max"), "", true).trim();
        return r.has("q1") && r.has("q3")
            ? range + " (" + Units.value(r.get("q1"), "", true).trim() + ".." + Units.value(r.get("q3"), "", true).trim() + ")"
            : range;
    }

    /** @return the ratios to each baseline, or a word saying what the result is. */
    private static String comparison(final Result r, final Set<String> baselinesOfOthers)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, Map<String, Double>> e : r.ratios().entrySet())
        {
            final Map<String, Double> ratio = e.getValue();
            sb.append(sb.length() > 0 ? "; " : "");
            if (r.isLatency())
            {
                sb.append(ratio.containsKey("p50") ? Units.ratio(ratio.get("p50"), true) : "-")
                    .append(" (").append(ratio.containsKey("p99") ? Units.ratio(ratio.get("p99"), true) : "-").append(") ");
            }
            else
            {
                sb.append(ratio.containsKey("value") ? Units.ratio(ratio.get("value"), true) : "-").append(' ');
            }
            sb.append(e.getKey());
        }
        if (r.isFixedRate())
        {
            sb.append(sb.length() > 0 ? "; " : "").append(String.format(Locale.ROOT, "fixed rate %s/s from intended send times, %.0f late",
                Units.sig3(r.get("rate")), r.has("late") ? r.get("late") : 0));
        }
        if (sb.length() == 0 && baselinesOfOthers.contains(r.name()))
        {
            sb.append("(baseline)");
        }
        return sb.toString();
    }
}

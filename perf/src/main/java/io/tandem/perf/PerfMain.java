package io.tandem.perf;

import io.tandem.jvm.JvmFlags;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tandem perf [--quick] [name ...]}: runs the named benchmarks (all without a name), prints a
 * table and merges the figures into {@code perf/target/perf-results.json}.
 */
public final class PerfMain
{
    private static final List<Benchmark> BENCHMARKS = List.of(
        new io.tandem.perf.arrays.ArraysBenchmark(),
        new io.tandem.perf.ring.RingBenchmark(),
        new io.tandem.perf.rtt.RttBenchmark(),
        new io.tandem.perf.sync.SyncBenchmark()
    );

    private PerfMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        JvmFlags.verifyCurrentJvm();
        boolean quick = false;
        final List<String> names = new ArrayList<>();
        for (final String arg : args)
        {
            if ("--quick".equals(arg))
            {
                quick = true;
            }
            else if ("--help".equals(arg) || "-h".equals(arg))
            {
                usage();
                return;
            }
            else
            {
                names.add(arg);
            }
        }
        final Map<String, Benchmark> byName = new LinkedHashMap<>();
        for (final Benchmark b : BENCHMARKS)
        {
            byName.put(b.name(), b);
        }
        final List<Benchmark> selected = new ArrayList<>();
        if (names.isEmpty())
        {
            selected.addAll(byName.values());
        }
        for (final String name : names)
        {
            final Benchmark b = byName.get(name);
            if (b == null)
            {
                System.err.println("unknown benchmark '" + name + "'");
                usage();
                System.exit(2);
            }
            selected.add(b);
        }

        final Path out = Paths.get(System.getProperty("tandem.perf.results", "perf/target/perf-results.json"));
        final ResultsFile file = new ResultsFile(out);
        for (final Benchmark b : selected)
        {
            System.out.println("== " + b.name() + ": " + b.description() + (quick ? " (quick)" : ""));
            final List<Result> results = b.run(quick);
            printTable(results);
            file.merge(results);
        }
        System.out.println("results: " + file.path().toAbsolutePath());
    }

    static void printTable(final List<Result> results)
    {
        System.out.printf(Locale.ROOT, "%-28s %6s %10s %10s %10s %10s %12s %10s%n",
            "name", "unit", "p50", "p90", "p99", "p99.9", "max", "n|value");
        for (final Result r : results)
        {
            if (r.isLatency())
            {
                System.out.printf(Locale.ROOT, "%-28s %6s %10.0f %10.0f %10.0f %10.0f %12.0f %10.0f%n",
                    r.name(), r.unit(), r.get("p50"), r.get("p90"), r.get("p99"), r.get("p999"), r.get("max"), r.get("n"));
            }
            else
            {
                System.out.printf(Locale.ROOT, "%-28s %6s %10s %10s %10s %10s %12s %10.3f%n",
                    r.name(), r.unit(), "", "", "", "", "", r.get("value"));
            }
        }
    }

    private static void usage()
    {
        System.out.println("usage: ./tandem perf [--quick] [name ...]");
        for (final Benchmark b : BENCHMARKS)
        {
            System.out.printf("  %-10s %s%n", b.name(), b.description());
        }
    }
}

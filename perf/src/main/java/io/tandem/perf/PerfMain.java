package io.tandem.perf;

import io.tandem.jvm.JvmFlags;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tandem perf [--quick] [--out DIR] [name ...]}: runs the named benchmarks (all without a name), prints
 * each one's table with the ratio to each baseline measured in the same run, merges the figures into
 * {@code perf/target/perf-results.json} (a benchmark's new results replace its old ones, others' stay) and
 * regenerates {@code perf/target/perf-report.html} from the whole file.
 * {@code ./tandem perf [--out DIR] --compare OLD.json [NEW.json]} runs nothing: it prints two results files side
 * by side ({@link Compare}); NEW defaults to the file a run would write.
 *
 * <pre>{@code
 * ./tandem perf --quick            # every benchmark, short (a smoke test)
 * ./tandem perf rtt ring           # two of them, full
 * cp perf/target/perf-results.json /tmp/main.json; ...; ./tandem perf --compare /tmp/main.json
 * }</pre>
 * A benchmark that fails is reported and skipped (its earlier figures stay in the file); the exit status is then 1.
 */
public final class PerfMain
{
    /** Every benchmark, in the order a full run takes them; add a line for a new one. */
    private static final List<Benchmark> BENCHMARKS = List.of(
        new io.tandem.perf.arrays.ArraysBenchmark(),
        new io.tandem.perf.ring.RingBenchmark(),
        new io.tandem.perf.rtt.RttBenchmark(),
        new io.tandem.perf.sync.SyncBenchmark(),
        new io.tandem.perf.manager.SpawnBenchmark(),
        new io.tandem.perf.manager.ManagerBenchmark(),
        new io.tandem.perf.manager.InJvmStartBenchmark(),
        new io.tandem.perf.backlog.BacklogBenchmark(),
        new io.tandem.perf.wake.WakeBenchmark(),
        new io.tandem.perf.python.PythonBenchmark(),
        io.tandem.perf.remote.RemoteBenchmark.withTandem(io.tandem.perf.remote.TandemRemoteCall::open,
            io.tandem.perf.remote.TandemRemoteRing::open)
    );

    private static final String DEFAULT_DIR = "perf/target";
    static final String RESULTS = "perf-results.json";
    static final String REPORT = "perf-report.html";

    private PerfMain()
    {
    }

    /** @return every registered benchmark, in run order. */
    static List<Benchmark> benchmarks()
    {
        return BENCHMARKS;
    }

    public static void main(final String[] args) throws Exception
    {
        JvmFlags.verifyCurrentJvm();
        final int status = run(args, BENCHMARKS, System.out);
        if (status != 0)
        {
            System.exit(status);
        }
    }

    /**
     * Runs a command line against {@code registry}: what {@code main} does, callable from a test with benchmarks of
     * its own.
     *
     * @return the exit status: 0, 1 if a benchmark failed, 2 for a bad command line or an unreadable file to compare.
     */
    static int run(final String[] args, final List<Benchmark> registry, final PrintStream out) throws Exception
    {
        boolean quick = false;
        Path dir = null;
        Path compareOld = null;
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--quick".equals(arg))
            {
                quick = true;
            }
            else if ("--out".equals(arg) && i + 1 < args.length)
            {
                dir = Paths.get(args[++i]);
            }
            else if ("--compare".equals(arg))
            {
                if (i + 1 == args.length || compareOld != null)
                {
                    out.println("--compare takes one OLD.json (then at most one NEW.json)");
                    usage(registry, out);
                    return 2;
                }
                compareOld = Paths.get(args[++i]);
            }
            else if ("--help".equals(arg) || "-h".equals(arg))
            {
                usage(registry, out);
                return 0;
            }
            else if (arg.startsWith("-"))
            {
                out.println("unknown option '" + arg + "'");
                usage(registry, out);
                return 2;
            }
            else
            {
                names.add(arg);
            }
        }
        final Path results = dir != null ? dir.resolve(RESULTS)
            : Paths.get(System.getProperty("tandem.perf.results", DEFAULT_DIR + "/" + RESULTS));
        if (compareOld != null)
        {
            // Before anything that touches /dev/shm or the results file: a comparison only reads two files.
            if (quick || names.size() > 1)
            {
                out.println("--compare takes one OLD.json and at most one NEW.json, no benchmark names or --quick");
                usage(registry, out);
                return 2;
            }
            return Compare.run(compareOld, names.isEmpty() ? results : Paths.get(names.get(0)), out);
        }
        final Map<String, Benchmark> byName = new LinkedHashMap<>();
        for (final Benchmark b : registry)
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
                out.println("unknown benchmark '" + name + "'");
                usage(registry, out);
                return 2;
            }
            selected.add(b);
        }

        for (final Path leftover : DeadRunSweeper.sweep(Paths.get("/dev/shm")))
        {
            out.println("removed what a killed run left: " + leftover);
        }
        final Path report = results.resolveSibling(REPORT);
        final ResultsFile file = new ResultsFile(results);
        final Map<String, Object> machine = Machine.facts("./tandem perf " + String.join(" ", args));
        out.printf(Locale.ROOT, "machine: %s cores, %s, %s%n", machine.get("cores"), machine.get("cpu"), machine.get("jvm"));
        final List<String> failed = new ArrayList<>();
        final long allStart = System.nanoTime();
        // The progress line: redrawn in place on a terminal (everything printed meanwhile goes through its stream), a
        // plain line per benchmark and every 10 s otherwise.
        try (Progress progress = Progress.start("perf", selected.size(), out))
        {
            final PrintStream shown = progress.out();
            for (final Benchmark b : selected)
            {
                progress.phase(b.name());
                shown.println();
                shown.println("== " + b.name() + ": " + b.description() + (quick ? " (quick)" : ""));
                final String date = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
                final double loadBefore = Machine.loadAverage();
                final long start = System.nanoTime();
                final List<Result> measured;
                try
                {
                    measured = b.run(quick);
                }
                catch (final Exception | Error ex)
                {
                    // One broken benchmark must not cost the figures of the others: say so, go on, fail at the end.
                    shown.println("FAILED " + b.name() + ": " + ex);
                    ex.printStackTrace(shown);
                    failed.add(b.name());
                    progress.step();
                    continue;
                }
                final double seconds = (System.nanoTime() - start) / 1e9;
                final List<Result> filed = Baselines.file(b.name(), measured, shown);
                ConsoleTable.print(filed, shown);
                shown.printf(Locale.ROOT, "(%s took %.1f s; load average %.2f before, %.2f after, on %d cores)%n", b.name(), seconds,
                    loadBefore, Machine.loadAverage(), Runtime.getRuntime().availableProcessors());
                final Map<String, Object> run = new LinkedHashMap<>();
                run.put("date", date);
                run.put("quick", quick);
                run.put("seconds", Math.round(seconds * 10) / 10.0);
                if (loadBefore >= 0)
                {
                    // The 1-minute load average before and after: a figure measured on a busy machine says so.
                    run.put("load_before", loadBefore);
                    run.put("load_after", Machine.loadAverage());
                }
                HtmlReport.write(file.merge(b.name(), machine, run, filed), report);
                progress.step();
            }
        }
        if (selected.isEmpty() || !failed.isEmpty() && failed.size() == selected.size())
        {
            // Nothing new measured: still give a report of what the file holds.
            HtmlReport.write(file.read(), report);
        }
        out.println();
        out.printf(Locale.ROOT, "all done in %.1f s%n", (System.nanoTime() - allStart) / 1e9);
        out.println("results: " + results.toAbsolutePath());
        out.println("report:  " + report.toAbsolutePath());
        if (!failed.isEmpty())
        {
            out.println("FAILED: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    private static void usage(final List<Benchmark> registry, final PrintStream out)
    {
        out.println("usage: ./tandem perf [--quick] [--out DIR] [name ...]");
        out.println("       ./tandem perf [--out DIR] --compare OLD.json [NEW.json]");
        out.println("  --quick    a short run of each (a smoke test, not figures to quote)");
        out.println("  --out DIR  write " + RESULTS + " and " + REPORT + " there (default " + DEFAULT_DIR + ")");
        out.println("  --compare  runs nothing: prints each figure of two results files side by side, the change, the");
        out.println("             ratios to baselines and whether it lies outside the spread (NEW: the " + RESULTS + " of --out)");
        for (final Benchmark b : registry)
        {
            out.printf("  %-10s %s%n", b.name(), b.description());
        }
    }
}

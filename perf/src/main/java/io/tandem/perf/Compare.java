package io.tandem.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code ./tandem perf --compare OLD.json [NEW.json]}: two results files side by side, so a change can be judged
 * against main. Runs no benchmark. For each figure in either file, grouped by benchmark: the old and new figure
 * (p50 and p99 of a latency, the value otherwise), the change (new / old, and in percent), the ratio to each
 * baseline in each run ({@code vs rtt.chronicle-queue  p50 1.68x -> 1.05x}), and whether the change lies outside
 * the spread, which way ({@link Change}: a rate's new median outside the old run's min..max; a latency or single
 * figure by its ratio to a baseline measured in both runs, beyond 1.2x at p50 or 1.3x at p99). Each benchmark's
 * header gives each run's date, quick or full, and load average.
 *
 * <pre>{@code
 * ./tandem perf --compare main.json                        # against perf/target/perf-results.json
 * ./tandem perf --compare before.json after.json
 *
 * == rtt   old 2026-11-27T17:48:36Z full, load 0.86..1.07   new 2026-11-28T17:48:36Z full, load 1.31..1.12
 * latency                   p50 old       new  change         p99 old       new  change       verdict
 * rtt.raw-shm                370 ns    389 ns  1.05x +5.0%     701 ns    736 ns  1.05x +5.0%  within (figure)
 * rtt.tandem-command        1.26 us    984 ns  0.780x -22%    3.40 us   2.66 us  0.780x -22%  p50 better, p99 within (ratio)
 *     vs rtt.chronicle-queue  p50 1.68x -> 1.31x  p99 2.36x -> 1.84x
 * figure                              old             new  change       old min..max         verdict
 * ring.64B.tandem            54.9 M msg/s    61.5 M msg/s  1.12x +12%   52.2 M..57.7 M       better (above old max)
 * }</pre>
 * A figure in one file only is listed as added or removed; one that moved to another benchmark (same name, the
 * only one left unmatched in each file) is compared and marked as moved.
 */
final class Compare
{
    private Compare()
    {
    }

    /**
     * Prints the comparison of two results files.
     *
     * @return 0, or 2 when a file cannot be read (one line naming the file, nothing else printed).
     */
    static int run(final Path oldPath, final Path newPath, final PrintStream out)
    {
        final ResultsFile.Contents old;
        final ResultsFile.Contents neu;
        try
        {
            old = read(oldPath);
            neu = read(newPath);
        }
        catch (final IOException ex)
        {
            out.println("perf --compare: " + ex.getMessage());
            return 2;
        }
        print(oldPath, old, newPath, neu, out);
        return 0;
    }

    /** @return what {@code path} holds; fails with a one-line message naming the file. */
    static ResultsFile.Contents read(final Path path) throws IOException
    {
        if (!Files.exists(path))
        {
            throw new IOException(path + ": no such file");
        }
        if (!Files.isRegularFile(path))
        {
            throw new IOException(path + ": not a regular file");
        }
        final ResultsFile.Contents contents;
        try
        {
            contents = new ResultsFile(path).read();
        }
        catch (final IOException ex)
        {
            // ResultsFile's own message advises moving a broken file away before a run; here it is only unreadable.
            if (ex.getCause() instanceof IllegalArgumentException)
            {
                throw new IOException(path + " is not a results file (" + oneLine(ex.getCause()) + ")", ex);
            }
            throw new IOException(path + ": cannot read (" + ex.getClass().getSimpleName() + ": " + oneLine(ex) + ")", ex);
        }
        catch (final IllegalArgumentException ex)
        {
            // Valid JSON of the wrong shape: results that are not objects, a result without a name.
            throw new IOException(path + " is not a results file (" + oneLine(ex) + ")", ex);
        }
        if (contents.results().isEmpty())
        {
            throw new IOException(path + " holds no results");
        }
        return contents;
    }

    private static String oneLine(final Throwable ex)
    {
        final String message = String.valueOf(ex.getMessage()).replaceAll("\\s+", " ");
        return message.length() > 160 ? message.substring(0, 160) + "..." : message;
    }

    static void print(
        final Path oldPath, final ResultsFile.Contents old, final Path newPath, final ResultsFile.Contents neu, final PrintStream out)
    {
        out.println("old: " + oldPath + "  (" + machine(old) + ")");
        out.println("new: " + newPath + "  (" + machine(neu) + ")");
        if (!old.machine().isEmpty() && !neu.machine().isEmpty()
            && (!Objects.equals(old.machine().get("cpu"), neu.machine().get("cpu"))
            || !Objects.equals(old.machine().get("cores"), neu.machine().get("cores"))))
        {
            out.println("note: the runs were on different machines; only the ratios to baselines compare");
        }
        final Map<String, List<Pair>> groups = pair(old, neu);
        final Tally tally = new Tally();
        for (final Map.Entry<String, List<Pair>> group : groups.entrySet())
        {
            out.println();
            printGroup(group.getKey(), group.getValue(), old, neu, out, tally);
        }
        out.println();
        out.printf(Locale.ROOT, "%d better, %d worse, %d mixed, %d within; %d added, %d removed%n",
            tally.better, tally.worse, tally.mixed, tally.within, tally.added, tally.removed);
        legend(out);
    }

    /** One figure in either run or both; old or neu is null when the figure is only in the other file. */
    static final class Pair
    {
        final Result old;
        final Result neu;
        /** The benchmark the old figure was filed under, when it differs from the new one's; else null. */
        final String movedFrom;

        Pair(final Result old, final Result neu, final String movedFrom)
        {
            this.old = old;
            this.neu = neu;
            this.movedFrom = movedFrom;
        }
    }

    /**
     * Matches the figures of two files: by benchmark and name, then by name alone for a figure that moved to
     * another benchmark (only when exactly one such figure is left in the old file). A figure whose kind or unit
     * changed does not compare: it is listed as removed and added.
     *
     * @return benchmark to its figures: the new file's benchmarks and order, then what only the old file holds.
     */
    static Map<String, List<Pair>> pair(final ResultsFile.Contents old, final ResultsFile.Contents neu)
    {
        final Map<String, Result> unmatched = new LinkedHashMap<>();
        for (final Result r : old.results())
        {
            unmatched.putIfAbsent(key(r), r);
        }
        final Map<Result, Result> matches = new LinkedHashMap<>();
        for (final Result r : neu.results())
        {
            final Result o = unmatched.get(key(r));
            if (o != null && comparable(o, r))
            {
                matches.put(r, o);
                unmatched.remove(key(r));
            }
        }
        for (final Result r : neu.results())
        {
            if (matches.containsKey(r))
            {
                continue;
            }
            final List<Result> sameName = new ArrayList<>();
            for (final Result o : unmatched.values())
            {
                if (o.name().equals(r.name()) && comparable(o, r))
                {
                    sameName.add(o);
                }
            }
            if (sameName.size() == 1)
            {
                matches.put(r, sameName.get(0));
                unmatched.remove(key(sameName.get(0)));
            }
        }
        final Map<String, List<Pair>> groups = new LinkedHashMap<>();
        for (final Result r : neu.results())
        {
            final Result o = matches.get(r);
            final String group = ResultsFile.Contents.groupOf(r);
            final String from = o == null || ResultsFile.Contents.groupOf(o).equals(group) ? null : ResultsFile.Contents.groupOf(o);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new Pair(o, r, from));
        }
        for (final Result o : unmatched.values())
        {
            groups.computeIfAbsent(ResultsFile.Contents.groupOf(o), g -> new ArrayList<>()).add(new Pair(o, null, null));
        }
        return groups;
    }

    private static String key(final Result r)
    {
        return ResultsFile.Contents.groupOf(r) + '\u0000' + r.name();
    }

    private static boolean comparable(final Result a, final Result b)
    {
        return a.isLatency() == b.isLatency() && a.unit().equals(b.unit());
    }

    private static void printGroup(
        final String benchmark,
        final List<Pair> pairs,
        final ResultsFile.Contents old,
        final ResultsFile.Contents neu,
        final PrintStream out,
        final Tally tally)
    {
        final Map<String, Object> oldRun = old.runs().get(benchmark);
        final Map<String, Object> newRun = neu.runs().get(benchmark);
        out.println("== " + benchmark + "   old " + run(oldRun) + "   new " + run(newRun));
        if (oldRun != null && newRun != null && !Objects.equals(oldRun.get("quick"), newRun.get("quick")))
        {
            out.println("note: one run is quick and the other full; a quick run's figures are a smoke test, not a measurement");
        }
        if (pairs.stream().anyMatch(p -> either(p).isLatency()))
        {
            final String nameColumn = nameColumn(pairs, true);
            out.printf(Locale.ROOT, nameColumn + "%9s %9s  %-12s %9s %9s  %-12s %s%n",
                "latency", "p50 old", "new", "change", "p99 old", "new", "change", "verdict");
            for (final Pair p : pairs)
            {
                if (either(p).isLatency())
                {
                    out.println(String.format(Locale.ROOT, nameColumn + "%9s %9s  %-12s %9s %9s  %-12s %s", name(p),
                        latency(p.old, "p50"), latency(p.neu, "p50"), change(p, "p50"),
                        latency(p.old, "p99"), latency(p.neu, "p99"), change(p, "p99"), verdict(p, tally)).stripTrailing());
                    printRatios(p, out);
                }
            }
        }
        if (pairs.stream().anyMatch(p -> !either(p).isLatency()))
        {
            final String nameColumn = nameColumn(pairs, false);
            out.printf(Locale.ROOT, nameColumn + "%15s %15s  %-12s %-20s %s%n",
                "figure", "old", "new", "change", "old min..max", "verdict");
            for (final Pair p : pairs)
            {
                if (!either(p).isLatency())
                {
                    out.println(String.format(Locale.ROOT, nameColumn + "%15s %15s  %-12s %-20s %s", name(p),
                        value(p.old), value(p.neu), change(p, "value"), spread(p.old), verdict(p, tally)).stripTrailing());
                    printRatios(p, out);
                }
            }
        }
    }

    /** @return the format of a name column as wide as the longest name in the latency (or the other) table. */
    private static String nameColumn(final List<Pair> pairs, final boolean latencies)
    {
        int width = 24;
        for (final Pair p : pairs)
        {
            if (either(p).isLatency() == latencies)
            {
                width = Math.max(width, name(p).length() + 2);
            }
        }
        return "%-" + width + "s";
    }

    private static Result either(final Pair p)
    {
        return p.neu != null ? p.neu : p.old;
    }

    private static String name(final Pair p)
    {
        return either(p).name() + (p.movedFrom != null ? " (was " + p.movedFrom + ")" : "");
    }

    /** @return a run's date, quick or full, and load average before..after, as its results file recorded them. */
    static String run(final Map<String, Object> run)
    {
        if (run == null)
        {
            return "(no run entry)";
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(run.getOrDefault("date", "?"));
        if (run.get("quick") instanceof Boolean)
        {
            sb.append((Boolean)run.get("quick") ? " quick" : " full");
        }
        if (run.get("load_before") instanceof Number)
        {
            sb.append(String.format(Locale.ROOT, ", load %.2f", ((Number)run.get("load_before")).doubleValue()));
            if (run.get("load_after") instanceof Number)
            {
                sb.append(String.format(Locale.ROOT, "..%.2f", ((Number)run.get("load_after")).doubleValue()));
            }
        }
        return sb.toString();
    }

    private static String machine(final ResultsFile.Contents contents)
    {
        final Map<String, Object> m = contents.machine();
        if (m.isEmpty())
        {
            return "no machine facts";
        }
        final Object cores = m.get("cores");
        return (cores instanceof Number ? ((Number)cores).intValue() : cores) + " cores, " + m.get("cpu") + ", " + m.get("jvm");
    }

    private static String latency(final Result r, final String key)
    {
        return r == null || !r.has(key) ? "-" : Units.latency(r.get(key), true);
    }

    private static String value(final Result r)
    {
        return r == null || !r.has("value") ? "-" : Units.value(r.get("value"), r.unit(), true);
    }

    private static String spread(final Result r)
    {
        if (r == null || !r.hasSpread())
        {
            return "";
        }
        return Units.value(r.get("min"), "", true).trim() + ".." + Units.value(r.get("max"), "", true).trim();
    }

    /** @return {@code new / old} and the percentage, e.g. {@code 0.833x -17%}; or added, removed. */
    private static String change(final Pair p, final String key)
    {
        if (p.old == null)
        {
            return "added";
        }
        if (p.neu == null)
        {
            return "removed";
        }
        if (!p.old.has(key) || !p.neu.has(key) || !(p.old.get(key) > 0))
        {
            return "-";
        }
        final double ratio = p.neu.get(key) / p.old.get(key);
        return Units.ratio(ratio, true) + " " + percent(ratio);
    }

    static String percent(final double ratio)
    {
        final double percent = (ratio - 1) * 100;
        return String.format(Locale.ROOT, Math.abs(percent) < 9.95 ? "%+.1f%%" : "%+.0f%%", percent);
    }

    private static String verdict(final Pair p, final Tally tally)
    {
        if (p.old == null || p.neu == null)
        {
            tally.added += p.old == null ? 1 : 0;
            tally.removed += p.neu == null ? 1 : 0;
            return "";
        }
        final Change.Verdict v = Change.judge(p.old, p.neu);
        if (v.anyBetter() && v.anyWorse())
        {
            tally.mixed++;
        }
        else if (v.anyWorse())
        {
            tally.worse++;
        }
        else if (v.anyBetter())
        {
            tally.better++;
        }
        else
        {
            tally.within++;
        }
        return v.text();
    }

    /** The figures counted by verdict, for the summary line. */
    private static final class Tally
    {
        int better;
        int worse;
        int mixed;
        int within;
        int added;
        int removed;
    }

    /** Prints one line per baseline either run compared the figure to: its ratio in the old run, then in the new. */
    private static void printRatios(final Pair p, final PrintStream out)
    {
        final Set<String> baselines = new LinkedHashSet<>();
        if (p.neu != null)
        {
            baselines.addAll(p.neu.ratios().keySet());
        }
        if (p.old != null)
        {
            baselines.addAll(p.old.ratios().keySet());
        }
        final List<String> keys = either(p).isLatency() ? Result.LATENCY_RATIO_KEYS : List.of("value");
        for (final String baseline : baselines)
        {
            final StringBuilder sb = new StringBuilder("    vs ").append(baseline);
            for (final String key : keys)
            {
                sb.append("  ").append("value".equals(key) ? "" : key + " ")
                    .append(ratio(p.old, baseline, key)).append(" -> ").append(ratio(p.neu, baseline, key));
            }
            out.println(sb);
        }
    }

    private static String ratio(final Result r, final String baseline, final String key)
    {
        final Map<String, Double> ratios = r == null ? null : r.ratios().get(baseline);
        return ratios == null || !ratios.containsKey(key) ? "-" : Units.ratio(ratios.get(key), true);
    }

    private static void legend(final PrintStream out)
    {
        out.printf(Locale.ROOT, "load: the 1-minute load average before..after the run. change: new / old.%n");
        out.printf(Locale.ROOT, "vs B: the ratio to baseline B measured in the same run, old run -> new run.%n");
        out.printf(Locale.ROOT, "verdict, rates with %d or more repeats: outside when the new median lies outside the old run's min..max.%n",
            Change.MIN_REPEATS);
        out.printf(Locale.ROOT, "verdict, latencies and single figures (no repeats, so no spread): p50, p99 or the value judged by%n"
            + "  its ratio to the first baseline both runs measured, which cancels the machine's drift (ratio), else by the%n"
            + "  figure itself (figure); outside when it moved beyond x%.1f or /%.1f (p50, values), x%.1f or /%.1f (p99).%n",
            Change.P50_LIMIT, Change.P50_LIMIT, Change.P99_LIMIT, Change.P99_LIMIT);
        out.printf(Locale.ROOT, "better/worse: for rates higher is better; for times, sizes and percentages lower.%n");
    }
}

package io.tandem.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code perf/target/perf-results.json}: the machine facts of the last run, when and how each benchmark last ran,
 * and every result, one per line:
 * <pre>{@code
 * {
 * "machine":{"cores":2,"cpu":"...","jvm":"...","os":"...","date":"2026-...","command":"./tandem perf --quick rtt"},
 * "runs":{"rtt":{"date":"2026-...","quick":true,"seconds":41.2}},
 * "results":[
 * {"name":"rtt.raw-shm","unit":"ns","p50":421,"p90":601,"p99":832,"p999":4148,"max":59557,"n":30000,"benchmark":"rtt"},
 * {"name":"rtt.tandem-command","unit":"ns",...,"benchmark":"rtt","baseline":["rtt.chronicle-queue","rtt.raw-shm"],"ratio":{...}}
 * ]}
 * }</pre>
 * Running one benchmark replaces all of its own results (and older unattributed entries of the same names) and
 * keeps the others'. Two benchmarks may both measure a figure of the same name (each measures its baseline in its
 * own run, e.g. {@code rtt.tandem-command} in {@code rtt} and {@code sync}): both entries are kept, told apart by
 * {@code benchmark}.
 */
public final class ResultsFile
{
    private final Path path;

    public ResultsFile(final Path path)
    {
        this.path = path;
    }

    public Path path()
    {
        return path;
    }

    /** @return what the file holds, empty if it does not exist. */
    public Contents read() throws IOException
    {
        if (!Files.exists(path))
        {
            return new Contents(Map.of(), Map.of(), List.of());
        }
        final Map<String, Object> json;
        try
        {
            json = Json.object(Files.readString(path, StandardCharsets.UTF_8));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException(path + " is not a results file (" + ex.getMessage() + "); move it away to start afresh", ex);
        }
        final List<Result> results = new ArrayList<>();
        for (final Object r : Json.list(json.getOrDefault("results", List.of())))
        {
            results.add(Result.fromJson(Json.map(r)));
        }
        final Map<String, Map<String, Object>> runs = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : Json.map(json.getOrDefault("runs", Map.of())).entrySet())
        {
            runs.put(e.getKey(), Json.map(e.getValue()));
        }
        return new Contents(Json.map(json.getOrDefault("machine", Map.of())), runs, results);
    }

    /**
     * Replaces {@code benchmark}'s results by {@code results}, keeping everything else, and writes the file.
     *
     * @param machine the facts of this run ({@link Machine#facts}).
     * @param run     when and how the benchmark ran: date, quick, seconds.
     * @param results the benchmark's results, filed ({@link Baselines#file}).
     * @return the whole file as written.
     */
    public Contents merge(
        final String benchmark, final Map<String, Object> machine, final Map<String, Object> run, final List<Result> results)
        throws IOException
    {
        final Contents before = read();
        final Set<String> names = new HashSet<>();
        for (final Result r : results)
        {
            names.add(r.name());
        }
        final List<Result> merged = new ArrayList<>();
        int insertAt = -1;
        for (final Result r : before.results())
        {
            final boolean replaced = benchmark.equals(r.benchmark()) || (r.benchmark() == null && names.contains(r.name()));
            if (replaced)
            {
                insertAt = insertAt < 0 ? merged.size() : insertAt;
            }
            else
            {
                merged.add(r);
            }
        }
        // In place of the benchmark's earlier results, so the file (and the report) keep their order.
        merged.addAll(insertAt < 0 ? merged.size() : insertAt, results);
        final Map<String, Map<String, Object>> runs = new LinkedHashMap<>(before.runs());
        runs.put(benchmark, run);
        final Contents after = new Contents(machine, runs, merged);
        write(after);
        return after;
    }

    private void write(final Contents contents) throws IOException
    {
        final StringBuilder sb = new StringBuilder(4096);
        sb.append("{\n\"machine\":").append(Json.write(contents.machine())).append(",\n\"runs\":{\n");
        int i = 0;
        for (final Map.Entry<String, Map<String, Object>> e : contents.runs().entrySet())
        {
            sb.append(i++ > 0 ? ",\n" : "").append(Json.quote(e.getKey())).append(':').append(Json.write(e.getValue()));
        }
        sb.append("\n},\n\"results\":[\n");
        final List<Result> results = contents.results();
        for (int r = 0; r < results.size(); r++)
        {
            sb.append(results.get(r).toJson()).append(r + 1 < results.size() ? ",\n" : "\n");
        }
        sb.append("]}\n");
        writeAtomically(path, sb.toString());
    }

    /** Writes {@code text} to {@code path} aside first, then moves it over: an interrupted run never leaves half a file. */
    public static void writeAtomically(final Path path, final String text) throws IOException
    {
        final Path absolute = path.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        final Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The parsed file: machine facts, runs by benchmark, and results in file order. */
    public static final class Contents
    {
        private final Map<String, Object> machine;
        private final Map<String, Map<String, Object>> runs;
        private final List<Result> results;

        Contents(final Map<String, Object> machine, final Map<String, Map<String, Object>> runs, final List<Result> results)
        {
            this.machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
            this.runs = Collections.unmodifiableMap(new LinkedHashMap<>(runs));
            this.results = List.copyOf(results);
        }

        public Map<String, Object> machine()
        {
            return machine;
        }

        public Map<String, Map<String, Object>> runs()
        {
            return runs;
        }

        public List<Result> results()
        {
            return results;
        }

        /** @return the benchmarks in the order their results first appear. */
        public List<String> benchmarks()
        {
            final Set<String> seen = new java.util.LinkedHashSet<>();
            for (final Result r : results)
            {
                seen.add(groupOf(r));
            }
            return new ArrayList<>(seen);
        }

        /** @return the results {@code benchmark} measured, in file order. */
        public List<Result> of(final String benchmark)
        {
            final List<Result> of = new ArrayList<>();
            for (final Result r : results)
            {
                if (groupOf(r).equals(benchmark))
                {
                    of.add(r);
                }
            }
            return of;
        }

        /** @return the benchmark of a result; for an entry from an older file without one, its name's first part. */
        static String groupOf(final Result r)
        {
            if (r.benchmark() != null)
            {
                return r.benchmark();
            }
            final int dot = r.name().indexOf('.');
            return dot > 0 ? r.name().substring(0, dot) : r.name();
        }
    }
}

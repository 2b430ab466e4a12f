package io.tandem.perf.chaos;

import io.tandem.perf.Json;
import io.tandem.perf.ResultsFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chaos run's console table and {@code chaos-results.json}: one row per fault kind (injected, as expected,
 * detection p50 and max) and the message totals.
 *
 * <pre>
 * fault                  injected  as expected  detect p50  detect max
 * kill9-mid-call                2  yes               41 ms       63 ms
 * ...
 * messages: sent 120345, received 120345, lost 0, duplicated 0; files left 0; orphan JVMs 0
 * </pre>
 */
final class ChaosReport
{
    static final String FILE = "chaos-results.json";

    private ChaosReport()
    {
    }

    static void print(final Map<String, FaultTally> tallies, final ChaosSession.Totals totals, final PrintStream out)
    {
        out.printf(Locale.ROOT, "%-26s %8s  %-11s %10s %10s%n", "fault", "injected", "as expected", "detect p50", "detect max");
        for (final FaultTally t : tallies.values())
        {
            out.printf(Locale.ROOT, "%-26s %8d  %-11s %10s %10s%n", t.name, t.injected,
                t.injected == 0 ? "not run" : t.asExpected() ? "yes" : "NO (" + t.unexpected + ")", ms(t.p50()), ms(t.max()));
        }
        out.printf(Locale.ROOT, "messages: sent %d, received %d, lost %d, duplicated %d; files left %d; orphan JVMs %d; "
            + "tmpfs mounts left %d%n", totals.sent(), totals.received(), totals.lost(), totals.duplicated(), totals.filesLeft(),
            totals.orphans(), totals.mountsLeft());
        for (final Map.Entry<String, long[]> e : totals.streams().entrySet())
        {
            final long[] v = e.getValue();
            if (v[2] != 0 || v[3] != 0)
            {
                out.printf(Locale.ROOT, "  stream %s: sent %d, received %d, LOST %d, DUPLICATED %d%n", e.getKey(), v[0], v[1], v[2], v[3]);
            }
        }
        for (final FaultTally t : tallies.values())
        {
            for (final String ev : t.evidence)
            {
                out.println("UNEXPECTED " + t.name + " (promise: " + t.promise + "): " + ev);
            }
        }
        for (final String e : totals.errors())
        {
            out.println("UNEXPECTED on the surviving paths: " + e);
        }
    }

    private static String ms(final double v)
    {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    /** @return the JSON document of a run. */
    static Map<String, Object> document(final Map<String, Object> run, final Map<String, FaultTally> tallies,
        final ChaosSession.Totals totals)
    {
        final Map<String, Object> doc = new LinkedHashMap<>(run);
        final List<Object> faults = new ArrayList<>();
        for (final FaultTally t : tallies.values())
        {
            final Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", t.name);
            f.put("injected", t.injected);
            f.put("as_expected", t.asExpected());
            f.put("detect_ms_p50", round(t.p50()));
            f.put("detect_ms_max", round(t.max()));
            f.put("promise", t.promise);
            if (!t.evidence.isEmpty())
            {
                f.put("unexpected", new ArrayList<Object>(t.evidence));
            }
            faults.add(f);
        }
        doc.put("faults", faults);
        doc.put("messages_sent", totals.sent());
        doc.put("messages_received", totals.received());
        doc.put("messages_lost", totals.lost());
        doc.put("messages_duplicated", totals.duplicated());
        doc.put("files_left", totals.filesLeft());
        doc.put("orphans", totals.orphans());
        doc.put("mounts_left", totals.mountsLeft());
        doc.put("swept_at_end", new ArrayList<Object>(totals.swept().stream().map(Path::toString).toList()));
        doc.put("surviving_path_errors", new ArrayList<Object>(totals.errors()));
        return doc;
    }

    private static double round(final double v)
    {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }

    /** Writes {@code doc} to {@code file} (aside first, then moved over the old one). */
    static void write(final Map<String, Object> doc, final Path file) throws IOException
    {
        ResultsFile.writeAtomically(file, Json.write(doc) + "\n");
    }
}

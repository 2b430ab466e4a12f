package io.tandem.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code perf/target/perf-report.html}: one self-contained page made from the whole results file, with inline SVG
 * drawn here by hand, no script, font, style sheet or image from anywhere else, so it opens offline and can be
 * mailed as one file. It shows the machine, where each figure stands against its baselines (a summary of every
 * ratio), how the figures were measured, and per benchmark: a table, latency percentile curves on a log axis with
 * the baselines dashed, bars for rates and other single figures (whiskers: spread of repeats), and the ratios on a
 * log axis centred on 1×.
 *
 * <pre>{@code
 * HtmlReport.write(new ResultsFile(json).read(), Paths.get("perf/target/perf-report.html"));
 * }</pre>
 */
public final class HtmlReport
{
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"
    };
    private static final String[] PERCENTILE_KEYS = {"p50", "p90", "p99", "p999", "max"};
    private static final String[] PERCENTILE_LABELS = {"p50", "p90", "p99", "p99.9", "max"};
    private static final String BETTER = "#2e7d32";
    private static final String WORSE = "#c62828";
    private static final int WIDTH = 820;
    private static final int MAX_RATIO_DECADES = 4;

    private final StringBuilder html = new StringBuilder(64 * 1024);

    private HtmlReport()
    {
    }

    /**
     * Writes the report of {@code contents} to {@code file} (aside first, then moved over the old one), with the
     * chaos and soak sections when {@code chaos-results.json} / {@code soak-results.json} lie beside it.
     */
    public static void write(final ResultsFile.Contents contents, final Path file) throws IOException
    {
        final String page = render(contents, readIfThere(file.resolveSibling("chaos-results.json")),
            readIfThere(file.resolveSibling("soak-results.json")));
        final Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        final Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(tmp, page, StandardCharsets.UTF_8);
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return the page for {@code contents}. */
    static String render(final ResultsFile.Contents contents)
    {
        return render(contents, null, null);
    }

    /** @return the page for {@code contents} with a chaos and a soak section for the documents given (null: none). */
    static String render(final ResultsFile.Contents contents, final Map<String, Object> chaos, final Map<String, Object> soak)
    {
        final HtmlReport report = new HtmlReport();
        report.page(contents, chaos, soak);
        return report.html.toString();
    }

    private static Map<String, Object> readIfThere(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return null;
        }
        try
        {
            return Json.object(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (final IllegalArgumentException ex)
        {
            return null; // a half-written or foreign file: the report goes on without that section
        }
    }

    /** The chaos run's table ({@code chaos-results.json}) or a soak's ({@code soak-results.json}). */
    private void chaos(final String id, final String title, final Map<String, Object> doc)
    {
        html.append("<h2 id=\"").append(id).append("\">").append(title).append("</h2>\n<p>")
            .append(escape(String.valueOf(doc.getOrDefault("date", "")))).append(", seed <code>")
            .append(escape(String.valueOf(doc.getOrDefault("seed", "")))).append("</code>, ")
            .append(escape(String.valueOf(doc.getOrDefault("seconds", "")))).append(" s")
            .append(Boolean.TRUE.equals(doc.get("quick")) ? " (quick)" : "").append(". Messages sent ")
            .append(field(doc, "messages_sent")).append(", lost ").append(field(doc, "messages_lost"))
            .append(", duplicated ").append(field(doc, "messages_duplicated")).append("; files left ")
            .append(field(doc, "files_left")).append("; orphan JVMs ").append(field(doc, "orphans"))
            .append("; tmpfs mounts left ").append(field(doc, "mounts_left")).append(".</p>\n")
            .append("<table>\n<tr><th class=\"l\">fault</th><th>injected</th><th class=\"l\">as expected</th>")
            .append("<th>detect p50 ms</th><th>detect max ms</th><th class=\"l\">promise</th></tr>\n");
        for (final Object o : doc.get("faults") instanceof List ? Json.list(doc.get("faults")) : List.of())
        {
            final Map<String, Object> f = Json.map(o);
            final boolean ok = Boolean.TRUE.equals(f.get("as_expected"));
            html.append("<tr><td class=\"l\">").append(escape(String.valueOf(f.get("name")))).append("</td><td>")
                .append(field(f, "injected")).append("</td><td class=\"l ").append(ok ? "better\">yes" : "worse\">NO")
                .append("</td><td>").append(field(f, "detect_ms_p50")).append("</td><td>").append(field(f, "detect_ms_max"))
                .append("</td><td class=\"l\">").append(escape(String.valueOf(f.getOrDefault("promise", "")))).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (doc.get("slopes") instanceof Map)
        {
            final Map<String, Object> slopes = Json.map(doc.get("slopes"));
            html.append("<p>Slopes per minute (least squares): RSS ").append(field(slopes, "rss_mib_per_min"))
                .append(" MiB, session tmpfs ").append(field(slopes, "session_bytes_per_min")).append(" B, /dev/shm ")
                .append(field(slopes, "shm_bytes_per_min")).append(" B, call p99 ").append(field(slopes, "p99_us_per_min"))
                .append(" µs. Verdict: <b>").append(escape(String.valueOf(slopes.get("verdict")))).append("</b></p>\n")
                .append("<table>\n<tr><th>minute</th><th>calls</th><th>p50 µs</th><th>p99 µs</th><th>max µs</th>")
                .append("<th>RSS MiB (all JVMs)</th><th>session tmpfs B</th><th>/dev/shm used B</th></tr>\n");
            for (final Object o : doc.get("samples") instanceof List ? Json.list(doc.get("samples")) : List.of())
            {
                final Map<String, Object> m = Json.map(o);
                html.append("<tr><td>").append(field(m, "t_min")).append("</td><td>").append(field(m, "calls")).append("</td><td>")
                    .append(field(m, "p50_us")).append("</td><td>").append(field(m, "p99_us")).append("</td><td>")
                    .append(field(m, "max_us")).append("</td><td>").append(field(m, "rss_total_mib")).append("</td><td>")
                    .append(field(m, "session_bytes")).append("</td><td>").append(field(m, "shm_used_bytes")).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private static String field(final Map<String, Object> m, final String key)
    {
        final Object v = m.get(key);
        return v instanceof Number ? Result.formatNumber((Number)v) : v == null ? "-" : escape(String.valueOf(v));
    }

    private void page(final ResultsFile.Contents contents, final Map<String, Object> chaos, final Map<String, Object> soak)
    {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>Tandem performance report</title>\n<style>\n")
            .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}\n")
            .append("h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}\n")
            .append("table{border-collapse:collapse;margin:.8em 0;font-size:.9em}\n")
            .append("th,td{border:1px solid #ddd;padding:.25em .6em;text-align:right;vertical-align:top}\n")
            .append("th{background:#f4f4f4}td.l,th.l{text-align:left}\n")
            .append(".better{color:" + BETTER + "}.worse{color:" + WORSE + "}.muted{color:#777}\n")
            .append("svg{display:block;margin:.8em 0;font-family:system-ui,sans-serif}\n")
            .append("code{background:#f4f4f4;padding:0 .2em}\n")
            .append("</style>\n</head>\n<body>\n<h1>Tandem performance report</h1>\n");
        machine(contents);
        summary(contents);
        method();
        for (final String benchmark : contents.benchmarks())
        {
            section(benchmark, contents.of(benchmark), contents.runs().get(benchmark));
        }
        if (chaos != null)
        {
            chaos("chaos", "Chaos: faults against the failure contract", chaos);
        }
        if (soak != null)
        {
            chaos("soak", "Soak: steady traffic, rare faults", soak);
        }
        html.append("</body>\n</html>\n");
    }

    private void machine(final ResultsFile.Contents contents)
    {
        html.append("<table>\n");
        for (final Map.Entry<String, Object> e : contents.machine().entrySet())
        {
            final Object v = e.getValue();
            final String fact = v instanceof Number ? Result.formatNumber((Number)v) : String.valueOf(v);
            if (!fact.isBlank())
            {
                html.append("<tr><th class=\"l\">").append(escape(e.getKey())).append("</th><td class=\"l\">")
                    .append(escape(fact)).append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
        if (!contents.runs().isEmpty())
        {
            html.append("<table>\n<tr><th class=\"l\">benchmark</th><th class=\"l\">last run</th><th class=\"l\">mode</th><th>seconds</th>")
                .append("<th>load average before → after</th></tr>\n");
            for (final Map.Entry<String, Map<String, Object>> e : contents.runs().entrySet())
            {
                final Map<String, Object> run = e.getValue();
                html.append("<tr><td class=\"l\"><a href=\"#").append(anchor(e.getKey())).append("\">").append(escape(e.getKey()))
                    .append("</a></td><td class=\"l\">").append(escape(String.valueOf(run.getOrDefault("date", ""))))
                    .append("</td><td class=\"l\">").append(Boolean.TRUE.equals(run.get("quick")) ? "quick" : "full")
                    .append("</td><td>").append(run.get("seconds") instanceof Number ? Units.sig3(((Number)run.get("seconds")).doubleValue()) : "")
                    .append("</td><td>").append(run.get("load_before") instanceof Number && run.get("load_after") instanceof Number
                        ? Result.formatNumber((Number)run.get("load_before")) + " → " + Result.formatNumber((Number)run.get("load_after")) : "")
                    .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
    }

    /** Every ratio in one table: where each figure is better or worse than its baseline. */
    private void summary(final ResultsFile.Contents contents)
    {
        html.append("<h2 id=\"summary\">Against the baselines</h2>\n");
        final List<String> rows = new ArrayList<>();
        for (final Result r : contents.results())
        {
            for (final Map.Entry<String, Map<String, Double>> e : r.ratios().entrySet())
            {
                for (final Map.Entry<String, Double> k : e.getValue().entrySet())
                {
                    final double ratio = k.getValue();
                    final boolean better = r.higherIsBetter() ? ratio >= 1 : ratio <= 1;
                    rows.add("<tr><td class=\"l\">" + escape(ResultsFile.Contents.groupOf(r)) + "</td><td class=\"l\">" + escape(r.name())
                        + "</td><td class=\"l\">" + escape(e.getKey()) + "</td><td class=\"l\">" + escape(label(k.getKey()))
                        + "</td><td class=\"" + (better ? "better" : "worse") + "\">" + Units.ratio(ratio, false)
                        + "</td><td class=\"l " + (better ? "better" : "worse") + "\">" + verdict(r, ratio) + "</td></tr>\n");
                }
            }
        }
        if (rows.isEmpty())
        {
            html.append("<p class=\"muted\">No result has a baseline measured in its run yet.</p>\n");
            return;
        }
        html.append("<p>Each ratio is the figure divided by its baseline's, both measured in the same run of the same benchmark. ")
            .append("For times (ns, ms, %) lower is better, so a ratio above 1× means slower than the baseline; ")
            .append("for rates (…/s) higher is better.</p>\n")
            .append("<table>\n<tr><th class=\"l\">benchmark</th><th class=\"l\">figure</th><th class=\"l\">baseline</th>")
            .append("<th class=\"l\">of</th><th>ratio</th><th class=\"l\">reads</th></tr>\n");
        rows.forEach(html::append);
        html.append("</table>\n");
    }

    private static String verdict(final Result r, final double ratio)
    {
        if (r.higherIsBetter())
        {
            return ratio >= 1 ? "higher rate than the baseline" : "lower rate than the baseline";
        }
        if (!"ns".equals(r.unit()) && !"ms".equals(r.unit()) && !"s".equals(r.unit()))
        {
            return ratio <= 1 ? "lower than the baseline" : "higher than the baseline";
        }
        return ratio <= 1 ? "faster than the baseline" : "slower than the baseline";
    }

    private void method()
    {
        html.append("<h2 id=\"method\">How the figures were measured</h2>\n<ul>\n")
            .append("<li>Every figure is measured beside its baselines in the same run of its benchmark (raw shared memory, ")
            .append("bare Chronicle Queue, Agrona's ring buffer, a single-thread memory copy), after warm-up; ")
            .append("the alternatives run interleaved so drift on a shared machine hits each alike. ")
            .append("A ratio is never taken between two different runs.</li>\n")
            .append("<li>Latency: one sample per operation after warm-up; p50, p90, p99, p99.9 (nearest rank) and max. ")
            .append("The curves plot them on a log scale, baselines dashed.</li>\n")
            .append("<li>Rates: the value is the median of the repeats (measurement windows, rounds); the whisker shows ")
            .append("min..max and the thick part q1..q3 when the benchmark reports them.</li>\n")
            .append("<li>Coordinated omission. A <em>closed-loop</em> round trip (send, wait for the answer, send the next) ")
            .append("sends nothing while the system stalls: a 10 ms stall costs one slow sample, and the requests that would ")
            .append("have arrived during it are never measured. Closed-loop percentiles are therefore service times, and their ")
            .append("p99 and above understate what a client sending at a steady rate sees. Results marked ")
            .append("<em>fixed rate</em> are measured open loop: operation <i>i</i> is due at start + <i>i</i> × interval and ")
            .append("its latency runs from that intended time, not from when it was actually sent, so a stall is charged to ")
            .append("every operation queued behind it; “late” counts sends that started more than one interval after their ")
            .append("intended time.</li>\n")
            .append("<li>The machine is shared and noisy: compare ratios more than absolute figures, and repeat before ")
            .append("believing a change smaller than the spread. Each run records the 1-minute load average before and after: ")
            .append("above the number of cores, busy-spinning peers get descheduled and the tails (p99 and up) grow by ")
            .append("milliseconds. A quick run is a smoke test, not a figure to quote.</li>\n</ul>\n");
    }

    private void section(final String benchmark, final List<Result> results, final Map<String, Object> run)
    {
        html.append("<h2 id=\"").append(anchor(benchmark)).append("\">").append(escape(benchmark)).append("</h2>\n");
        if (run != null)
        {
            html.append("<p class=\"muted\">").append(Boolean.TRUE.equals(run.get("quick")) ? "quick run" : "full run")
                .append(", ").append(escape(String.valueOf(run.getOrDefault("date", "")))).append("</p>\n");
        }
        final Set<String> baselines = new HashSet<>();
        for (final Result r : results)
        {
            baselines.addAll(r.baselines());
        }
        table(results, baselines);
        final List<Result> latencies = new ArrayList<>();
        final List<Result> values = new ArrayList<>();
        for (final Result r : results)
        {
            (r.isLatency() ? latencies : values).add(r);
        }
        if (!latencies.isEmpty())
        {
            latencyChart(benchmark, latencies, baselines);
        }
        if (!values.isEmpty())
        {
            barChart(benchmark, values);
        }
        if (results.stream().anyMatch(r -> !r.ratios().isEmpty()))
        {
            ratioChart(benchmark, results);
        }
    }

    private void table(final List<Result> results, final Set<String> baselines)
    {
        html.append("<table>\n<tr><th class=\"l\">figure</th><th>p50 / value</th><th>p90</th><th>p99</th><th>p99.9</th>")
            .append("<th>max</th><th>n</th><th class=\"l\">how</th><th class=\"l\">vs baseline</th></tr>\n");
        for (final Result r : results)
        {
            html.append("<tr><td class=\"l\">").append(escape(r.name())).append("</td>");
            if (r.isLatency())
            {
                for (final String key : PERCENTILE_KEYS)
                {
                    html.append("<td>").append(escape(Units.latency(r.get(key), false))).append("</td>");
                }
                html.append("<td>").append(count(r)).append("</td><td class=\"l\">");
                if (r.isFixedRate())
                {
                    html.append("fixed rate ").append(escape(Units.value(r.get("rate"), "/s", false).replace(" /s", "/s")))
                        .append(", from intended send times").append(r.has("late") ? ", " + count(r.get("late")) + " late" : "");
                }
                else
                {
                    html.append("closed loop (service time)");
                }
            }
            else
            {
                html.append("<td>").append(escape(Units.value(r.get("value"), r.unit(), false))).append("</td>");
                if (r.hasSpread())
                {
                    html.append("<td colspan=\"4\" class=\"l\">spread ").append(escape(Units.value(r.get("min"), r.unit(), false)))
                        .append(" .. ").append(escape(Units.value(r.get("max"), r.unit(), false)));
                    if (r.has("q1") && r.has("q3"))
                    {
                        html.append(" (q1..q3 ").append(escape(Units.value(r.get("q1"), r.unit(), false))).append(" .. ")
                            .append(escape(Units.value(r.get("q3"), r.unit(), false))).append(')');
                    }
                    html.append("</td><td>").append(count(r)).append("</td><td class=\"l\">median of repeats");
                }
                else
                {
                    html.append("<td colspan=\"4\"></td><td>").append(count(r)).append("</td><td class=\"l\">single figure");
                }
            }
            html.append("</td><td class=\"l\">").append(comparison(r, baselines)).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String count(final Result r)
    {
        return r.has("n") ? count(r.get("n")) : "";
    }

    private static String count(final double n)
    {
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    private static String comparison(final Result r, final Set<String> baselines)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, Map<String, Double>> e : r.ratios().entrySet())
        {
            sb.append(sb.length() > 0 ? "<br>" : "");
            int i = 0;
            for (final Map.Entry<String, Double> k : e.getValue().entrySet())
            {
                final boolean better = r.higherIsBetter() ? k.getValue() >= 1 : k.getValue() <= 1;
                sb.append(i++ > 0 ? ", " : "").append(r.isLatency() ? label(k.getKey()) + " " : "")
                    .append("<span class=\"").append(better ? "better" : "worse").append("\">")
                    .append(Units.ratio(k.getValue(), false)).append("</span>");
            }
            sb.append(" ").append(escape(e.getKey()));
        }
        if (sb.length() == 0 && baselines.contains(r.name()))
        {
            sb.append("<span class=\"muted\">baseline</span>");
        }
        return sb.toString();
    }

    /** Percentile curves, one per latency result, on a log latency axis; baselines dashed. */
    private void latencyChart(final String benchmark, final List<Result> latencies, final Set<String> baselines)
    {
        final int height = Math.max(300, 60 + 32 * latencies.size());
        final int left = 70;
        final int right = WIDTH - 250;
        final int top = 20;
        final int bottom = height - 45;
        double min = Double.MAX_VALUE;
        double max = 1;
        for (final Result r : latencies)
        {
            for (final String key : PERCENTILE_KEYS)
            {
                min = Math.min(min, Math.max(1, r.get(key)));
                max = Math.max(max, r.get(key));
            }
        }
        final int lo = (int)Math.floor(Math.log10(min));
        final int hi = Math.max(lo + 1, (int)Math.ceil(Math.log10(max)));
        svgOpen(benchmark + " latency percentiles", WIDTH, height);
        html.append("<text x=\"").append(left).append("\" y=\"12\" font-size=\"12\" font-weight=\"bold\">")
            .append(escape(benchmark)).append(": latency by percentile (log scale)</text>\n");
        for (int d = lo; d <= hi; d++)
        {
            final double y = logY(Math.pow(10, d), lo, hi, top, bottom);
            html.append(line(left, y, right, y, "#ddd", 1, null));
            text(left - 6, y + 4, 11, "end", "#555", decade(d));
            if (d < hi)
            {
                for (final int m : new int[] {2, 5})
                {
                    final double ym = logY(m * Math.pow(10, d), lo, hi, top, bottom);
                    html.append(line(left, ym, right, ym, "#f0f0f0", 1, null));
                }
            }
        }
        for (int i = 0; i < PERCENTILE_KEYS.length; i++)
        {
            final double x = left + i * (double)(right - left) / (PERCENTILE_KEYS.length - 1);
            html.append(line(x, top, x, bottom, "#eee", 1, null));
            text(x, bottom + 16, 11, "middle", "#555", PERCENTILE_LABELS[i]);
        }
        text((left + right) / 2.0, bottom + 34, 11, "middle", "#555", "percentile (closed loop unless marked fixed rate)");
        for (int s = 0; s < latencies.size(); s++)
        {
            final Result r = latencies.get(s);
            final String colour = COLOURS[s % COLOURS.length];
            final boolean baseline = baselines.contains(r.name());
            final StringBuilder points = new StringBuilder();
            for (int i = 0; i < PERCENTILE_KEYS.length; i++)
            {
                final double x = left + i * (double)(right - left) / (PERCENTILE_KEYS.length - 1);
                final double y = logY(Math.max(1, r.get(PERCENTILE_KEYS[i])), lo, hi, top, bottom);
                points.append(i > 0 ? " " : "").append(num(x)).append(',').append(num(y));
            }
            html.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                .append(baseline ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"").append(points).append("\"/>\n");
            for (int i = 0; i < PERCENTILE_KEYS.length; i++)
            {
                final double x = left + i * (double)(right - left) / (PERCENTILE_KEYS.length - 1);
                final double y = logY(Math.max(1, r.get(PERCENTILE_KEYS[i])), lo, hi, top, bottom);
                html.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"3\" fill=\"").append(colour)
                    .append("\"><title>").append(escape(r.name() + " " + PERCENTILE_LABELS[i] + " = " + Units.latency(r.get(PERCENTILE_KEYS[i]), false)))
                    .append("</title></circle>\n");
            }
            final double ly = top + 8 + s * 32;
            html.append(line(right + 16, ly, right + 44, ly, colour, 2, baseline ? "6 4" : null));
            text(right + 50, ly + 4, 11, "start", "#222", r.name() + (baseline ? " (baseline)" : ""));
            text(right + 50, ly + 16, 10, "start", "#777", "p50 " + Units.latency(r.get("p50"), false) + ", p99 " + Units.latency(r.get("p99"), false)
                + (r.isFixedRate() ? ", at " + Units.sig3(r.get("rate")) + "/s" : ""));
        }
        html.append(line(left, top, left, bottom, "#999", 1, null)).append(line(left, bottom, right, bottom, "#999", 1, null));
        html.append("</svg>\n");
    }

    /**
     * Horizontal bars for single figures: each result grouped with its baselines, each group on its own scale
     * (units differ between groups); whiskers show min..max and q1..q3 of repeats.
     */
    private void barChart(final String benchmark, final List<Result> values)
    {
        final List<List<Result>> groups = new ArrayList<>();
        final Set<String> placed = new HashSet<>();
        for (final Result r : values)
        {
            if (!r.baselines().isEmpty())
            {
                final List<Result> group = new ArrayList<>();
                group.add(r);
                for (final String b : r.baselines())
                {
                    values.stream().filter(v -> v.name().equals(b)).findFirst().ifPresent(group::add);
                }
                groups.add(group);
                group.forEach(g -> placed.add(g.name()));
            }
        }
        // Figures with no baseline: side by side with those of the same unit (spawn of 10 and of 100 processes, ...).
        final Map<String, List<Result>> byUnit = new LinkedHashMap<>();
        for (final Result r : values)
        {
            if (!placed.contains(r.name()))
            {
                byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>()).add(r);
            }
        }
        groups.addAll(byUnit.values());
        final int row = 22;
        final int gap = 14;
        int rows = 0;
        for (final List<Result> g : groups)
        {
            rows += g.size();
        }
        final int top = 26;
        final int height = top + rows * row + groups.size() * gap + 10;
        final int labelRight = 250;
        final int barLeft = 258;
        final int barRight = WIDTH - 240;
        svgOpen(benchmark + " figures", WIDTH, height);
        html.append("<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">").append(escape(benchmark)).append(placed.isEmpty()
            ? ": figures (bars where several share a unit)</text>\n"
            : ": figures beside their baselines in grey (each group on its own linear scale; whiskers: min..max, q1..q3)</text>\n");
        double y = top;
        for (final List<Result> group : groups)
        {
            double scale = 0;
            for (final Result r : group)
            {
                scale = Math.max(scale, r.hasSpread() ? r.get("max") : r.get("value"));
            }
            scale = scale > 0 ? scale : 1;
            for (int i = 0; i < group.size(); i++)
            {
                final Result r = group.get(i);
                final String colour = i == 0 || group.get(0).baselines().isEmpty() ? COLOURS[0] : "#9e9e9e";
                final double w = Math.max(1, (barRight - barLeft) * Math.max(0, r.get("value")) / scale);
                text(labelRight, y + row / 2.0 + 4, 11, "end", "#222", r.name());
                if (group.size() == 1)
                {
                    // Alone in its unit: a bar would compare it with nothing, so the figure is written where it would start.
                    text(barLeft, y + row / 2.0 + 4, 11, "start", "#222", Units.value(r.get("value"), r.unit(), false)
                        + (r.hasSpread() ? "  (" + Units.value(r.get("min"), r.unit(), false) + " .. " + Units.value(r.get("max"), r.unit(), false) + ")" : ""));
                    y += row;
                    continue;
                }
                html.append("<rect x=\"").append(barLeft).append("\" y=\"").append(num(y + 3)).append("\" width=\"").append(num(w))
                    .append("\" height=\"").append(row - 6).append("\" fill=\"").append(colour).append("\"><title>")
                    .append(escape(r.name() + " = " + Units.value(r.get("value"), r.unit(), false))).append("</title></rect>\n");
                if (r.hasSpread())
                {
                    final double cy = y + row / 2.0;
                    final double x0 = barLeft + (barRight - barLeft) * r.get("min") / scale;
                    final double x1 = barLeft + (barRight - barLeft) * r.get("max") / scale;
                    html.append(line(x0, cy, x1, cy, "#222", 1, null)).append(line(x0, cy - 4, x0, cy + 4, "#222", 1, null))
                        .append(line(x1, cy - 4, x1, cy + 4, "#222", 1, null));
                    if (r.has("q1") && r.has("q3"))
                    {
                        html.append(line(barLeft + (barRight - barLeft) * r.get("q1") / scale, cy,
                            barLeft + (barRight - barLeft) * r.get("q3") / scale, cy, "#222", 3, null));
                    }
                }
                String label = Units.value(r.get("value"), r.unit(), false);
                String colourOfLabel = "#222";
                final Map<String, Double> ratio = i > 0 ? group.get(0).ratios().get(r.name()) : null;
                if (ratio != null && ratio.containsKey("value"))
                {
                    // On the baseline's row: how the figure above compares to it.
                    final double q = ratio.get("value");
                    label += " · ratio " + Units.ratio(q, false);
                    colourOfLabel = (group.get(0).higherIsBetter() ? q >= 1 : q <= 1) ? BETTER : WORSE;
                }
                text(barRight + 8, y + row / 2.0 + 4, 11, "start", colourOfLabel, label);
                y += row;
            }
            y += gap;
        }
        html.append("</svg>\n");
    }

    /** Each ratio as a bar from 1× on a log axis: right of 1× means more (slower for times, faster for rates). */
    private void ratioChart(final String benchmark, final List<Result> results)
    {
        final List<String> rows = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        final List<Boolean> better = new ArrayList<>();
        double extreme = 2;
        for (final Result r : results)
        {
            for (final Map.Entry<String, Map<String, Double>> e : r.ratios().entrySet())
            {
                for (final Map.Entry<String, Double> k : e.getValue().entrySet())
                {
                    rows.add(r.name() + " ÷ " + e.getKey() + (r.isLatency() ? " (" + label(k.getKey()) + ")" : ""));
                    ratios.add(k.getValue());
                    better.add(r.higherIsBetter() ? k.getValue() >= 1 : k.getValue() <= 1);
                    extreme = Math.max(extreme, Math.max(k.getValue(), 1 / k.getValue()));
                }
            }
        }
        // Decades each side of 1×, in half steps; beyond 10^4 a bar is cut at the edge and says so.
        final double span = Math.min(MAX_RATIO_DECADES, Math.max(0.5, Math.ceil(Math.log10(extreme) * 2) / 2));
        final int width = WIDTH + 80;
        final int row = 20;
        final int top = 40;
        final int height = top + rows.size() * row + 24;
        final int labelRight = 410;
        final int left = 420;
        final int right = width - 90;
        final double centre = (left + right) / 2.0;
        final double perDecade = (right - left) / 2.0 / span;
        svgOpen(benchmark + " ratios to baselines", width, height);
        html.append("<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">").append(escape(benchmark))
            .append(": ratio to each baseline (log scale; green: better, red: worse)</text>\n");
        final int labelEvery = perDecade >= 50 ? 1 : 2;
        for (int d = -MAX_RATIO_DECADES; d <= MAX_RATIO_DECADES; d++)
        {
            for (final int m : new int[] {1, 2, 5})
            {
                final double at = m * Math.pow(10, d);
                // 2× and 5× ticks only where a decade is wide enough to hold them.
                if (Math.abs(Math.log10(at)) > span + 1e-9 || (m != 1 && perDecade < 130))
                {
                    continue;
                }
                final double x = centre + Math.log10(at) * perDecade;
                html.append(line(x, top - 6, x, height - 20, at == 1 ? "#555" : "#e4e4e4", 1, null));
                if (m != 1 || d % labelEvery == 0)
                {
                    text(x, top - 10, 10, "middle", "#555", tick(at));
                }
            }
        }
        for (int i = 0; i < rows.size(); i++)
        {
            final double y = top + i * row;
            final double ratio = ratios.get(i);
            final double clamped = Math.max(-span, Math.min(span, Math.log10(ratio)));
            final double x = centre + clamped * perDecade;
            final String colour = better.get(i) ? BETTER : WORSE;
            text(labelRight, y + row / 2.0 + 4, 11, "end", "#222", rows.get(i));
            html.append("<rect x=\"").append(num(Math.min(x, centre))).append("\" y=\"").append(num(y + 3)).append("\" width=\"")
                .append(num(Math.max(1, Math.abs(x - centre)))).append("\" height=\"").append(row - 6).append("\" fill=\"").append(colour)
                .append("\"><title>").append(escape(rows.get(i) + " = " + Units.ratio(ratio, false))).append("</title></rect>\n");
            if (Math.abs(Math.log10(ratio)) > span)
            {
                // Cut at the edge: the figure goes inside the bar, marked as beyond the scale.
                final boolean up = ratio > 1;
                text(up ? x - 4 : x + 4, y + row / 2.0 + 4, 11, up ? "end" : "start", "#fff", (up ? "" : "◂ ") + Units.ratio(ratio, false) + (up ? " ▸" : ""));
            }
            else
            {
                text(Math.max(x, centre) + 6, y + row / 2.0 + 4, 11, "start", colour, Units.ratio(ratio, false));
            }
        }
        html.append("</svg>\n");
    }

    private void svgOpen(final String label, final int width, final int height)
    {
        html.append("<svg width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
            .append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(escape(label)).append("\">\n");
    }

    private void text(final double x, final double y, final int size, final String anchor, final String colour, final String s)
    {
        html.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"").append(size)
            .append("\" text-anchor=\"").append(anchor).append("\" fill=\"").append(colour).append("\">").append(escape(s)).append("</text>\n");
    }

    private static String line(final double x1, final double y1, final double x2, final double y2, final String colour, final int width,
        final String dash)
    {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" stroke=\"" + colour
            + "\" stroke-width=\"" + width + "\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
    }

    /** @return 10^d ns as an axis label: 100 ns, 1 µs, 10 ms, 1 s. */
    private static String decade(final int d)
    {
        final String[] units = {"ns", "µs", "ms", "s"};
        final int unit = Math.max(0, Math.min(units.length - 1, Math.floorDiv(d, 3)));
        return String.format(Locale.ROOT, "%.0f %s", Math.pow(10, d - 3 * unit), units[unit]);
    }

    /** @return a ratio tick label without trailing zeros: 0.05×, 0.5×, 1×, 20×. */
    private static String tick(final double ratio)
    {
        return java.math.BigDecimal.valueOf(ratio).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString() + "×";
    }

    private static double logY(final double v, final int lo, final int hi, final int top, final int bottom)
    {
        return bottom - (Math.log10(v) - lo) / (hi - lo) * (bottom - top);
    }

    private static String num(final double v)
    {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String label(final String key)
    {
        return "p999".equals(key) ? "p99.9" : key;
    }

    private static String anchor(final String benchmark)
    {
        return "b-" + benchmark.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String escape(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}

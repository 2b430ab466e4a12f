package io.tandem.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One figure of a benchmark run, in the schema of {@code perf/target/perf-results.json}: a latency carries
 * percentiles, a single figure (rate, time, percentage) carries a value, a repeated rate its median as the value
 * and the spread of the repeats. Once the harness has filed a result it also names the benchmark that measured
 * it and the baselines measured beside it in the same run, with the ratios to them.
 *
 * <pre>{@code
 * Result.latency("rtt.tandem-command", samplesNs);              // {"unit":"ns","p50":..,"max":..,"n":..}
 * Result.value("idle-cpu.backend", "%", 0.3);                   // {"unit":"%","value":0.3}
 * Result.rate("ring.64B.tandem", "msg/s", perWindow);           // {"value":median,"min":..,"q1":..,"q3":..,"max":..,"n":..}
 * Result.value("x.tandem", "GB/s", 5.1).withBaselines("x.memcpy"); // a baseline not in the table of Baselines
 * }</pre>
 * Filed, a result reads {@code {...,"benchmark":"rtt","baseline":["rtt.raw-shm"],"ratio":{"rtt.raw-shm":{"p50":6.1,"p99":9.8}}}}:
 * each ratio is this result's figure divided by its baseline's, p50 and p99 for latencies, the value otherwise.
 */
public final class Result
{
    /** The figures of a latency that a ratio is given for. */
    static final List<String> LATENCY_RATIO_KEYS = List.of("p50", "p99");

    private final String name;
    private final String unit;
    private final Map<String, Number> figures;
    private final String benchmark;
    private final List<String> baselines;
    private final Map<String, Map<String, Double>> ratios;

    private Result(
        final String name,
        final String unit,
        final Map<String, Number> figures,
        final String benchmark,
        final List<String> baselines,
        final Map<String, Map<String, Double>> ratios)
    {
        this.name = name;
        this.unit = unit;
        this.figures = Collections.unmodifiableMap(figures);
        this.benchmark = benchmark;
        this.baselines = List.copyOf(baselines);
        this.ratios = Collections.unmodifiableMap(ratios);
    }

    private Result(final String name, final String unit, final Map<String, Number> figures)
    {
        this(name, unit, figures, null, List.of(), Map.of());
    }

    /**
     * @param name      dotted name, e.g. {@code rtt.raw-shm}.
     * @param samplesNs one sample per operation after warm-up, in ns; sorted in place.
     * @return p50, p90, p99, p99.9, max and n of the samples.
     */
    public static Result latency(final String name, final long[] samplesNs)
    {
        if (samplesNs.length == 0)
        {
            throw new IllegalArgumentException(name + ": no samples");
        }
        Arrays.sort(samplesNs);
        final Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("p50", percentile(samplesNs, 50.0));
        figures.put("p90", percentile(samplesNs, 90.0));
        figures.put("p99", percentile(samplesNs, 99.0));
        figures.put("p999", percentile(samplesNs, 99.9));
        figures.put("max", samplesNs[samplesNs.length - 1]);
        figures.put("n", samplesNs.length);
        return new Result(name, "ns", figures);
    }

    /** @return a single figure such as a rate, a time or a percentage. */
    public static Result value(final String name, final String unit, final double value)
    {
        final Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("value", value);
        return new Result(name, unit, figures);
    }

    /**
     * A rate measured several times (windows, rounds): the median is the value, the spread is reported beside it.
     *
     * @param repeats one figure per repeat, e.g. messages per second of each measured window; not changed.
     * @return value (median), min, q1, q3 (quartiles, interpolated), max and n (the number of repeats).
     */
    public static Result rate(final String name, final String unit, final double[] repeats)
    {
        if (repeats.length == 0)
        {
            throw new IllegalArgumentException(name + ": no repeats");
        }
        final double[] sorted = repeats.clone();
        Arrays.sort(sorted);
        final Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("value", quantile(sorted, 0.5));
        figures.put("min", sorted[0]);
        figures.put("q1", quantile(sorted, 0.25));
        figures.put("q3", quantile(sorted, 0.75));
        figures.put("max", sorted[sorted.length - 1]);
        figures.put("n", sorted.length);
        return new Result(name, unit, figures);
    }

    /** @return the value at {@code percent} of sorted samples (nearest rank). */
    public static long percentile(final long[] sorted, final double percent)
    {
        final int rank = (int)Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** @return the value at {@code percent} of sorted values (nearest rank), as {@link #percentile(long[], double)}. */
    public static double percentile(final double[] sorted, final double percent)
    {
        final int rank = (int)Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** @return the quantile {@code q} (0..1) of sorted values, interpolated between neighbours; q=0.5 is the median. */
    public static double quantile(final double[] sorted, final double q)
    {
        final double position = q * (sorted.length - 1);
        final int below = (int)Math.floor(position);
        final int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /**
     * @param names the results this one is compared to, overriding {@link Baselines}' table for this result.
     * @return a copy naming those baselines; the harness computes the ratios after the run.
     */
    public Result withBaselines(final String... names)
    {
        return new Result(name, unit, new LinkedHashMap<>(figures), benchmark, List.of(names), Map.of());
    }

    /** @return a copy with one more figure, e.g. the target rate of a fixed-rate run. */
    Result with(final String key, final Number value)
    {
        final Map<String, Number> more = new LinkedHashMap<>(figures);
        more.put(key, value);
        return new Result(name, unit, more, benchmark, baselines, ratios);
    }

    /** @return a copy filed under {@code benchmarkName}, with the baselines measured in its run and the ratios to them. */
    Result filed(final String benchmarkName, final List<String> presentBaselines, final Map<String, Map<String, Double>> ratiosByBaseline)
    {
        return new Result(name, unit, new LinkedHashMap<>(figures), benchmarkName, presentBaselines, new LinkedHashMap<>(ratiosByBaseline));
    }

    public String name()
    {
        return name;
    }

    public String unit()
    {
        return unit;
    }

    /** @return the benchmark that measured this result, or null before the harness filed it (or in an old file). */
    public String benchmark()
    {
        return benchmark;
    }

    /** @return the results this one is compared to: requested ones before filing, those measured in the same run after. */
    public List<String> baselines()
    {
        return baselines;
    }

    /** @return baseline name to ratios (this figure / the baseline's): p50 and p99 for a latency, value otherwise. */
    public Map<String, Map<String, Double>> ratios()
    {
        return ratios;
    }

    /** @return true for a latency (percentiles), false for a single value. */
    public boolean isLatency()
    {
        return figures.containsKey("p50");
    }

    /** @return true for a value that carries the spread of its repeats (see {@link #rate}). */
    public boolean hasSpread()
    {
        return !isLatency() && figures.containsKey("min") && figures.containsKey("max");
    }

    /** @return true for a latency measured at a fixed rate from intended send times (see {@link FixedRateSampler}). */
    public boolean isFixedRate()
    {
        return isLatency() && figures.containsKey("rate");
    }

    /** @return true when a larger figure is better: rates ({@code msg/s}, {@code GB/s}); false for times and percentages. */
    public boolean higherIsBetter()
    {
        return unit.endsWith("/s");
    }

    public boolean has(final String key)
    {
        return figures.containsKey(key);
    }

    /** @return a figure by key: p50, p90, p99, p999, max, n, or value (min, q1, q3 for a rate). */
    public double get(final String key)
    {
        final Number n = figures.get(key);
        if (n == null)
        {
            throw new IllegalArgumentException(name + " has no " + key);
        }
        return n.doubleValue();
    }

    /** @return the figures in schema order. */
    public Map<String, Number> figures()
    {
        return figures;
    }

    /** @return this result as one JSON object. */
    public String toJson()
    {
        final StringBuilder sb = new StringBuilder(200);
        sb.append("{\"name\":").append(Json.quote(name)).append(",\"unit\":").append(Json.quote(unit));
        for (final Map.Entry<String, Number> e : figures.entrySet())
        {
            sb.append(',').append(Json.quote(e.getKey())).append(':').append(formatNumber(e.getValue()));
        }
        if (benchmark != null)
        {
            sb.append(",\"benchmark\":").append(Json.quote(benchmark));
        }
        if (!baselines.isEmpty())
        {
            sb.append(",\"baseline\":[");
            for (int i = 0; i < baselines.size(); i++)
            {
                sb.append(i > 0 ? "," : "").append(Json.quote(baselines.get(i)));
            }
            sb.append(']');
        }
        if (!ratios.isEmpty())
        {
            sb.append(",\"ratio\":{");
            int i = 0;
            for (final Map.Entry<String, Map<String, Double>> e : ratios.entrySet())
            {
                sb.append(i++ > 0 ? "," : "").append(Json.quote(e.getKey())).append(":{");
                int j = 0;
                for (final Map.Entry<String, Double> r : e.getValue().entrySet())
                {
                    sb.append(j++ > 0 ? "," : "").append(Json.quote(r.getKey())).append(':').append(formatNumber(r.getValue()));
                }
                sb.append('}');
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    /** @return the result one {@link #toJson()} object describes (numbers come back as doubles). */
    static Result fromJson(final Map<String, Object> json)
    {
        final Map<String, Number> figures = new LinkedHashMap<>();
        final List<String> baselines = new ArrayList<>();
        final Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : json.entrySet())
        {
            final Object v = e.getValue();
            if ("baseline".equals(e.getKey()))
            {
                for (final Object b : v instanceof List ? Json.list(v) : List.of(v))
                {
                    baselines.add(String.valueOf(b));
                }
            }
            else if ("ratio".equals(e.getKey()))
            {
                for (final Map.Entry<String, Object> r : Json.map(v).entrySet())
                {
                    final Map<String, Double> byKey = new LinkedHashMap<>();
                    for (final Map.Entry<String, Object> k : Json.map(r.getValue()).entrySet())
                    {
                        if (k.getValue() instanceof Number)
                        {
                            byKey.put(k.getKey(), ((Number)k.getValue()).doubleValue());
                        }
                    }
                    ratios.put(r.getKey(), byKey);
                }
            }
            else if (v instanceof Number)
            {
                figures.put(e.getKey(), (Number)v);
            }
        }
        final Object name = json.get("name");
        final Object unit = json.get("unit");
        if (name == null || unit == null)
        {
            throw new IllegalArgumentException("a result without name or unit: " + json);
        }
        final Object benchmark = json.get("benchmark");
        return new Result(name.toString(), unit.toString(), figures, benchmark == null ? null : benchmark.toString(), baselines, ratios);
    }

    static String formatNumber(final Number n)
    {
        if (n instanceof Double || n instanceof Float)
        {
            final double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d))
            {
                return "null";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long)d) : String.format(Locale.ROOT, "%.4g", d);
        }
        return n.toString();
    }

    @Override
    public String toString()
    {
        return toJson();
    }
}

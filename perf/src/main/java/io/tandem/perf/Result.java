package io.tandem.perf;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One figure of a benchmark run, in the schema of {@code perf/target/perf-results.json}:
 * a latency carries percentiles, a single figure (rate, time, percentage) carries a value.
 *
 * <pre>{@code
 * Result.latency("rtt.tandem-command", samplesNs);           // {"unit":"ns","p50":..,"max":..,"n":..}
 * Result.value("idle-cpu.backend", "%", 0.3);                // {"unit":"%","value":0.3}
 * }</pre>
 */
public final class Result
{
    private final String name;
    private final String unit;
    private final Map<String, Number> figures;

    private Result(final String name, final String unit, final Map<String, Number> figures)
    {
        this.name = name;
        this.unit = unit;
        this.figures = figures;
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

    /** @return the value at {@code percent} of sorted samples (nearest rank). */
    public static long percentile(final long[] sorted, final double percent)
    {
        final int rank = (int)Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public String name()
    {
        return name;
    }

    public String unit()
    {
        return unit;
    }

    /** @return true for a latency (percentiles), false for a single value. */
    public boolean isLatency()
    {
        return figures.containsKey("p50");
    }

    /** @return a figure by key: p50, p90, p99, p999, max, n, or value. */
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
        final StringBuilder sb = new StringBuilder(160);
        sb.append("{\"name\":\"").append(name).append("\",\"unit\":\"").append(unit).append('"');
        for (final Map.Entry<String, Number> e : figures.entrySet())
        {
            sb.append(",\"").append(e.getKey()).append("\":").append(formatNumber(e.getValue()));
        }
        return sb.append('}').toString();
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
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long)d) : String.format(java.util.Locale.ROOT, "%.4g", d);
        }
        return n.toString();
    }

    @Override
    public String toString()
    {
        return toJson();
    }
}

package io.tandem.perf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether one figure's move between two runs lies outside what the runs' spread explains, and which way it went
 * ({@link Result#higherIsBetter()}: rates up is better, times, sizes and percentages down).
 *
 * <pre>{@code
 * Change.Verdict v = Change.judge(oldResult, newResult);
 * v.text();   // "better (above old max)", "p50 within, p99 worse (ratio)", "within (figure)"
 * }</pre>
 * The file carries two kinds of figure, so there are two rules:
 * <ul>
 * <li>A rate measured several times carries the min, q1, q3 and max of its repeats: the change is outside when
 *     the new median lies outside the old run's [min, max] (given at least {@link #MIN_REPEATS} repeats).</li>
 * <li>A latency or a single figure carries no repeats: its percentiles describe the samples of one run, not how
 *     a second run differs, and the p50 of 600,000 samples moves far less within a run than between runs on a
 *     shared machine. So each of p50 and p99 (or the value) is judged by its ratio to the closest baseline that
 *     both runs measured, which ran interleaved with it and so cancels the machine's drift ("ratio"); without
 *     such a baseline, by the figure itself ("figure"). The change is outside when that moved by more than a
 *     factor of {@link #P50_LIMIT} at p50 and for single figures, {@link #P99_LIMIT} at p99, either way (1.2: up
 *     by more than 20%, or down by more than 17%, to below 1/1.2).</li>
 * </ul>
 */
final class Change
{
    /**
     * The p50 (and single-figure) limit, 20%: two full runs of the same code on 2026-11-27 put
     * {@code rtt.tandem-command} at 1.5x and 1.7x bare Chronicle at p50 (13% apart); a smaller limit would call that
     * noise a change.
     */
    static final double P50_LIMIT = 1.20;

    /** The p99 limit, 30%: a tail on 2 shared cores moves with every scheduler tick that lands in the run. */
    static final double P99_LIMIT = 1.30;

    /** The repeats a rate needs for its min..max to be its spread; with fewer it is judged like a single figure. */
    static final int MIN_REPEATS = 3;

    /** Which way one figure went. */
    enum Way
    {
        /** Outside the spread, in the good direction. */
        BETTER,
        /** Outside the spread, in the bad direction. */
        WORSE,
        /** Inside the spread (or the limit). */
        WITHIN,
        /** No verdict: a zero figure or ratio, nothing to divide by. */
        NONE
    }

    private Change()
    {
    }

    /**
     * @param old a figure of the old run.
     * @param neu the same figure of the new run, of the same kind and unit.
     * @return the verdict: one way for a value, one each for p50 and p99 of a latency.
     */
    static Verdict judge(final Result old, final Result neu)
    {
        final boolean higherIsBetter = neu.higherIsBetter();
        final Verdict verdict = new Verdict();
        // Fewer than 3 repeats make no range to speak of: min..max of one repeat is a point, and any move leaves it.
        if (old.hasSpread() && !neu.isLatency() && (!old.has("n") || old.get("n") >= MIN_REPEATS))
        {
            final double median = neu.get("value");
            final Way way;
            final String basis;
            if (median > old.get("max"))
            {
                way = higherIsBetter ? Way.BETTER : Way.WORSE;
                basis = "above old max";
            }
            else if (median < old.get("min"))
            {
                way = higherIsBetter ? Way.WORSE : Way.BETTER;
                basis = "below old min";
            }
            else
            {
                way = Way.WITHIN;
                basis = "old min..max";
            }
            verdict.put("value", way, basis);
            return verdict;
        }
        for (final String key : neu.isLatency() ? Result.LATENCY_RATIO_KEYS : List.of("value"))
        {
            if (!old.has(key) || !neu.has(key))
            {
                continue;
            }
            final String baseline = closestCommonBaseline(old, neu, key);
            final double before = baseline == null ? old.get(key) : old.ratios().get(baseline).get(key);
            final double after = baseline == null ? neu.get(key) : neu.ratios().get(baseline).get(key);
            verdict.put(key, moved(before, after, "p99".equals(key) ? P99_LIMIT : P50_LIMIT, higherIsBetter),
                baseline == null ? "figure" : "ratio");
        }
        return verdict;
    }

    /** @return the first of the new run's baselines that both runs give a {@code key} ratio for, or null. */
    static String closestCommonBaseline(final Result old, final Result neu, final String key)
    {
        for (final String baseline : neu.baselines())
        {
            final Map<String, Double> before = old.ratios().get(baseline);
            final Map<String, Double> after = neu.ratios().get(baseline);
            if (before != null && after != null && before.containsKey(key) && after.containsKey(key))
            {
                return baseline;
            }
        }
        return null;
    }

    /** @return the way {@code before -> after} went, WITHIN unless it changed by more than {@code limit} either way. */
    static Way moved(final double before, final double after, final double limit, final boolean higherIsBetter)
    {
        if (!(before > 0) || !(after > 0))
        {
            return before == after ? Way.WITHIN : Way.NONE;
        }
        final double change = after / before;
        if (change > limit)
        {
            return higherIsBetter ? Way.BETTER : Way.WORSE;
        }
        if (change < 1 / limit)
        {
            return higherIsBetter ? Way.WORSE : Way.BETTER;
        }
        return Way.WITHIN;
    }

    /** The way each figure of a result went (p50 and p99, or value), and what it was judged by. */
    static final class Verdict
    {
        private final Map<String, Way> ways = new LinkedHashMap<>();
        private final Map<String, String> bases = new LinkedHashMap<>();

        private void put(final String key, final Way way, final String basis)
        {
            ways.put(key, way);
            bases.put(key, basis);
        }

        /** @return the way {@code key} (p50, p99 or value) went; NONE when it was not judged. */
        Way way(final String key)
        {
            return ways.getOrDefault(key, Way.NONE);
        }

        /** @return true when some figure is outside the spread in the bad direction. */
        boolean anyWorse()
        {
            return ways.containsValue(Way.WORSE);
        }

        /** @return true when some figure is outside the spread in the good direction. */
        boolean anyBetter()
        {
            return ways.containsValue(Way.BETTER);
        }

        /** @return e.g. {@code better (above old max)}, {@code within (ratio)}, {@code p50 within, p99 worse (ratio)}. */
        String text()
        {
            if (ways.isEmpty())
            {
                return "-";
            }
            final boolean oneBasis = bases.values().stream().distinct().count() == 1;
            if (oneBasis && ways.values().stream().distinct().count() == 1)
            {
                // p50 and p99 agree: say it once, the line stays within a terminal.
                return word(ways.values().iterator().next()) + " (" + bases.values().iterator().next() + ")";
            }
            final StringBuilder sb = new StringBuilder();
            for (final Map.Entry<String, Way> e : ways.entrySet())
            {
                sb.append(sb.length() > 0 ? ", " : "");
                if (!"value".equals(e.getKey()))
                {
                    sb.append(e.getKey()).append(' ');
                }
                sb.append(word(e.getValue()));
                if (!oneBasis)
                {
                    sb.append(" (").append(bases.get(e.getKey())).append(')');
                }
            }
            if (oneBasis)
            {
                sb.append(" (").append(bases.values().iterator().next()).append(')');
            }
            return sb.toString();
        }

        private static String word(final Way way)
        {
            return way == Way.NONE ? "no verdict" : way.name().toLowerCase(Locale.ROOT);
        }
    }
}

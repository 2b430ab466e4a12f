package io.tandem.perf.chaos;

import io.tandem.perf.Result;

import java.util.Arrays;
import java.util.List;

/** The arithmetic of the chaos and soak reports: percentiles of unsorted values (nearest rank, as {@link Result}) and least-squares slopes. */
public final class Stats
{
    private Stats()
    {
    }

    /**
     * @param values any order; not changed.
     * @param p      0..100.
     * @return the nearest-rank percentile, or NaN if there are no values.
     */
    public static double percentile(final double[] values, final double p)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Result.percentile(sorted, p); // the harness's own nearest rank
    }

    /** @return {@link #percentile(double[], double)} of a list. */
    public static double percentile(final List<Double> values, final double p)
    {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    /**
     * @return the slope of the least-squares line through (x[i], y[i]); 0 with fewer than two distinct x.
     */
    public static double slope(final double[] x, final double[] y)
    {
        if (x.length != y.length)
        {
            throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
        }
        final int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }
        if (n < 2)
        {
            return 0;
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}

package io.tandem.perf.chaos;

import java.util.Arrays;

/** Call round trips, nanoseconds, collected from many threads and taken out in windows (the soak's minutes). */
final class LatencyLog
{
    private long[] values = new long[1 << 14];
    private int count;

    synchronized void add(final long nanos)
    {
        if (count == values.length)
        {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    /** @return what was added since the last call, in microseconds; empties the log. */
    synchronized double[] takeMicros()
    {
        final double[] out = new double[count];
        for (int i = 0; i < count; i++)
        {
            out[i] = values[i] / 1000.0;
        }
        count = 0;
        return out;
    }
}

package io.tandem.perf;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Figures as people read them, three significant digits: {@code 2.56 us}, {@code 24.1 M msg/s}, {@code 1.86x}.
 * The console gets ASCII ({@code us}, {@code x}); the report gets {@code µs} and {@code ×}.
 *
 * <pre>{@code
 * Units.latency(2555, true);              // "2.56 us"
 * Units.value(2.411e7, "msg/s", false);   // "24.1 M msg/s"
 * }</pre>
 */
final class Units
{
    private Units()
    {
    }

    /** @return a duration given in ns, in ns, µs, ms or s. */
    static String latency(final double ns, final boolean ascii)
    {
        if (ns < 1_000)
        {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1_000_000)
        {
            return sig3(ns / 1e3) + (ascii ? " us" : " µs");
        }
        if (ns < 1_000_000_000)
        {
            return sig3(ns / 1e6) + " ms";
        }
        return sig3(ns / 1e9) + " s";
    }

    /** @return a figure in its unit; large rates with k, M or G. */
    static String value(final double v, final String unit, final boolean ascii)
    {
        if ("ns".equals(unit))
        {
            return latency(v, ascii);
        }
        final double a = Math.abs(v);
        if (a >= 1e9)
        {
            return sig3(v / 1e9) + " G " + unit;
        }
        if (a >= 1e6)
        {
            return sig3(v / 1e6) + " M " + unit;
        }
        if (a >= 1e4)
        {
            return sig3(v / 1e3) + " k " + unit;
        }
        return sig3(v) + " " + unit;
    }

    /** @return a ratio such as {@code 1.86x}, {@code 0.052x} or {@code 1200x}. */
    static String ratio(final double r, final boolean ascii)
    {
        return sig3(r) + (ascii ? "x" : "×");
    }

    /** @return {@code v} with three significant digits, never in exponent form. */
    static String sig3(final double v)
    {
        final double a = Math.abs(v);
        if (a == 0 || !Double.isFinite(v))
        {
            return a == 0 ? "0" : String.valueOf(v);
        }
        if (a >= 100)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        // Round first, then print: 0.99996 is "1.00", not "1.000".
        final BigDecimal rounded = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_EVEN));
        // An exact value has fewer digits than three (1.0 is "1", 20.0 is "20"): pad, so 1.00x reads as measured to 1%.
        return rounded.setScale(Math.max(rounded.scale(), rounded.scale() + 3 - rounded.precision())).toPlainString();
    }
}

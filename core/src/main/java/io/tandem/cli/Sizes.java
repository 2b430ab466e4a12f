package io.tandem.cli;

import java.util.Locale;

/** Byte counts and rates as people read them in a narrow column: {@code 0}, {@code 812}, {@code 4.0K}, {@code 16M}. */
final class Sizes
{
    private static final String UNITS = "KMGTPE";

    private Sizes()
    {
    }

    /** @return {@code value} in at most four characters, with a binary suffix above 1023. */
    static String of(final long value)
    {
        if (value < 1024)
        {
            return Long.toString(value);
        }
        double scaled = value;
        int unit = -1;
        while (scaled >= 1024 && unit < UNITS.length() - 1)
        {
            scaled /= 1024;
            unit++;
        }
        return (scaled < 10 ? String.format(Locale.ROOT, "%.1f", scaled) : Long.toString(Math.round(scaled))) +
            UNITS.charAt(unit);
    }

    /** @return a rate per second in at most five characters, with a decimal suffix above 9999. */
    static String rate(final double perSecond)
    {
        if (perSecond < 9999.5)
        {
            return Long.toString(Math.round(perSecond));
        }
        if (perSecond < 9_999_500)
        {
            return Math.round(perSecond / 1000) + "k";
        }
        return Math.round(perSecond / 1_000_000) + "M";
    }
}
